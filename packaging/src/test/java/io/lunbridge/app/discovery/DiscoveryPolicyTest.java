package io.lunbridge.app.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryPolicyTest {
    private static final IscsiName INITIATOR = IscsiName.parse("iqn.2026-11.io.lunbridge:host");

    private static DiscoveryMethod method(String name, List<TargetRecord> records) {
        return new DiscoveryMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String where() {
                return name + "-source";
            }

            @Override
            public CompletableFuture<List<TargetRecord>> discover() {
                return CompletableFuture.completedFuture(records);
            }
        };
    }

    private static TargetRecord record(String name, String host, boolean boot, String source) {
        return new TargetRecord(Optional.ofNullable(name), List.of(new Portal(host, 3260, 1)), Optional.empty(), "",
                List.of(), boot, source);
    }

    @Test
    void firstMethodWinsDuplicatesAreSaidOnceAndBootIsOnlyTakenFromTheStore() {
        DiscoveryPolicy policy = new DiscoveryPolicy(List.of(
                method("file", List.of(record("iqn.2026-11.x:a", "198.18.0.2", false, "file t:1"),
                        record("iqn.2026-11.x:boot", "198.18.0.2", true, "file t:2"))),
                method("store", List.of(record("iqn.2026-11.x:a", "198.18.0.3", false, "store a"),
                        record("iqn.2026-11.x:boot", "198.18.0.2", true, "store boot")))),
                (p, chap) -> CompletableFuture.failedFuture(new AssertionError("no expansion expected")));
        DiscoveryPolicy.Result r = policy.run();
        assertEquals(List.of("file t:1", "store boot"), r.targets().stream().map(TargetRecord::source).toList());
        assertEquals(List.of(
                "target iqn.2026-11.x:boot from file t:2 is marked boot, but boot targets are accepted only from the store: ignored",
                "target iqn.2026-11.x:a found by store a too; using file t:1 (earlier in discovery.policy)"), r.notes());
    }

    @Test
    void aRecordWithoutPortalIsRefusedNamingItsSourceAndTarget() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TargetRecord(Optional.of("iqn.2026-11.x:lost"), List.of(), Optional.empty(), "", List.of(),
                        false, "isns 198.18.0.5:3205"));
        assertEquals("target record from isns 198.18.0.5:3205 for iqn.2026-11.x:lost has no portal", e.getMessage());
    }

    @Test
    void portalOnlyRecordsAreExpandedWithSendTargets() {
        DiscoveryPolicy policy = new DiscoveryPolicy(List.of(method("isns", List.of(record(null, "198.18.0.9", false, "isns s")))),
                (p, chap) -> CompletableFuture.completedFuture(List.of(
                        new DiscoveredTarget("iqn.2026-11.x:t1", List.of(new Portal(p.host(), 3260, 1))),
                        new DiscoveredTarget("iqn.2026-11.x:t2", List.of(new Portal(p.host(), 3260, 1))))));
        DiscoveryPolicy.Result r = policy.run();
        assertEquals(List.of("iqn.2026-11.x:t1", "iqn.2026-11.x:t2"),
                r.targets().stream().map(t -> t.name().orElseThrow()).toList());
        assertTrue(r.targets().get(0).source().endsWith("SendTargets at 198.18.0.9:3260,1"), r.targets().get(0).source());
    }

    @Test
    void aFailingMethodIsReportedAndTheOthersStillRun(@TempDir Path dir) throws Exception {
        Path targets = dir.resolve("targets");
        Files.writeString(targets, "198.18.0.2 3260 iqn.2026-11.x:good\n198.18.0.2 99999 iqn.2026-11.x:bad\n");
        DiscoveryPolicy policy = new DiscoveryPolicy(List.of(new TargetsFileDiscovery(targets, INITIATOR),
                method("store", List.of(record("iqn.2026-11.x:s", "198.18.0.4", false, "store s")))), (p, c) -> null);
        DiscoveryPolicy.Result r = policy.run();
        DiscoveryPolicy.MethodResult file = r.methods().get(0);
        assertTrue(file.error().isPresent());
        assertTrue(file.error().get().contains(targets + ":2:"), file.error().get());
        assertTrue(file.records().isEmpty(), "a file with errors is not half-applied");
        assertEquals(List.of("store s"), r.targets().stream().map(TargetRecord::source).toList());
    }

    @Test
    void targetsFileRecordsCarryTheirLineAndChapWithTheInitiatorNameAsDefault(@TempDir Path dir) throws Exception {
        Path targets = dir.resolve("targets");
        Files.writeString(targets, "# two targets\n198.18.0.2 3260 iqn.2026-11.x:one \"a secret 123\"\n"
                + "198.18.0.3 3261 iqn.2026-11.x:two \"other secret\" chapuser\n");
        List<TargetRecord> records = new TargetsFileDiscovery(targets, INITIATOR).discover().join();
        assertEquals(2, records.size());
        assertEquals("file " + targets + ":2", records.get(0).source());
        assertEquals("iqn.2026-11.io.lunbridge:host", records.get(0).chap().orElseThrow().name());
        assertEquals("chapuser", records.get(1).chap().orElseThrow().name());
        assertEquals(new Portal("198.18.0.3", 3261, -1), records.get(1).portals().get(0));
        assertTrue(!records.get(0).toString().contains("a secret 123"), "secrets stay out of toString");
    }
}
