package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NbdClient;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdShow;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import io.lunbridge.it.nbd.ServeProcess;
import io.lunbridge.it.nbd.TmpfsDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which paths and devices {@code serve} makes of a topology: one LUN seen through two portals is one
 * export with two paths (bound to their interfaces, or unbound when no --iface is given); two LUNs
 * with different identities are two devices, never merged; a loopback interface or portal is
 * refused with an error naming it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PathTopologyIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-topology";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-topology-client";
    private static final long MIB = 1 << 20;

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @Test
    void oneLunThroughTwoInterfaceBoundPathsIsOneExportWithTwoPaths() throws Exception {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64 * MIB);
        MpioServe s = MpioServe.start(hosts, t.bothPaths(INITIATOR, "15"));
        assertEquals(List.of(t.export(1)), List.copyOf(s.serve().exports().keySet()), s.serve().diagnostics());
        readOnce(s, t.export(1)); // the failover policy picks its path for the first I/O
        LunbridgeStatus.Device d = LunbridgeStatus.device(s.control(), t.export(1));
        assertEquals(2, d.paths().size(), d.toString());
        assertEquals(Set.of(t.portalA(), t.portalB()), portals(d));
        assertEquals(Set.of(t.a().hostInterface(), t.b().hostInterface()),
                d.paths().stream().map(LunbridgeStatus.PathStatus::iface).collect(Collectors.toSet()),
                "each portal through its own link only: " + d);
        assertEquals(1, d.paths().stream().filter(LunbridgeStatus.PathStatus::active).count(), "failover: " + d);
        assertEquals("RUNNING", d.state(), d.toString());
        assertNotNull(d.identity(), d.toString());
        assertOneSessionPerLink(t);
    }

    @Test
    void withoutIfacesEachPortalIsOneUnboundPath() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64 * MIB);
        MpioServe s = MpioServe.start(hosts, new MpioServe.Options(IQN, INITIATOR).portal(t.portalA())
                .portal(t.portalB()));
        LunbridgeStatus.Device d = LunbridgeStatus.device(s.control(), t.export(1));
        assertEquals(Set.of(t.portalA(), t.portalB()), portals(d), d.toString());
        assertTrue(d.paths().stream().allMatch(p -> p.iface() == null), d.toString());
        assertOneSessionPerLink(t);
    }

    @Test
    void twoLunsWithDifferentIdentitiesAreTwoDevicesNeverMerged() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64 * MIB, 32 * MIB);
        MpioServe s = MpioServe.start(hosts, t.bothPaths(INITIATOR, "15"));
        assertEquals(List.of(t.export(1), t.export(2)), List.copyOf(s.serve().exports().keySet()),
                s.serve().diagnostics());
        assertEquals(64 * MIB, s.serve().exports().get(t.export(1)));
        assertEquals(32 * MIB, s.serve().exports().get(t.export(2)));
        LunbridgeStatus.Device one = LunbridgeStatus.device(s.control(), t.export(1));
        LunbridgeStatus.Device two = LunbridgeStatus.device(s.control(), t.export(2));
        assertNotEquals(one.identity(), two.identity());
        assertEquals(Set.of(t.portalA(), t.portalB()), portals(one), one.toString());
        assertEquals(Set.of(t.portalA(), t.portalB()), portals(two), two.toString());
        assertEquals(2, LunbridgeStatus.devices(s.control()).size());
    }

    @Test
    void aLoopbackInterfaceIsRefusedNamingIt() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64 * MIB);
        String err = refused(new MpioServe.Options(IQN, INITIATOR).portal(t.portalA()).iface("lo").withoutControl());
        assertTrue(err.contains("interface lo") && err.contains("loopback"), err);
    }

    @Test
    void aLoopbackPortalIsRefusedNamingIt() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64 * MIB);
        String err = refused(new MpioServe.Options(IQN, INITIATOR).portal(t.portalA()).portal("127.0.0.1")
                .withoutControl());
        assertTrue(err.contains("127.0.0.1") && err.toLowerCase(java.util.Locale.ROOT).contains("loopback"), err);
    }

    private static void readOnce(MpioServe s, String export) throws Exception {
        try (NbdClient c = NbdClient.connect(s.socket(), export)) {
            assertTrue(c.read(0, 4096).get(30, TimeUnit.SECONDS).ok());
        }
    }

    /**
     * Runs serve with {@code options} and expects it to exit by itself with status 1 or 2 instead of
     * listening; returns its stderr.
     */
    private String refused(MpioServe.Options options) {
        Path work = hosts.register("work dir", new TmpfsDir("lbit-mpio-refuse")).path();
        MpioServe.writeConfig(work);
        List<String> argv = new ArrayList<>(List.of("java", "-jar", ServeProcess.jar().toString(), "serve"));
        argv.addAll(options.args(work));
        argv.addAll(List.of("--nbd", "unix:" + work.resolve("nbd.sock"), "--config-dir", work.resolve("etc").toString()));
        Path out = WorkDirs.newLogFile("mpio-refused-out");
        Path err = WorkDirs.newLogFile("mpio-refused-err");
        Process p = ProcessRunner.start(Command.of(argv.toArray(new String[0])), out, err);
        hosts.register("serve " + p.pid(), () -> ProcessRunner.stop(p, Duration.ofSeconds(20)));
        Await.until("serve exits or listens", Duration.ofSeconds(60),
                () -> !p.isAlive() || Text.tailOfFile(out, 50).contains("listening on"));
        String diagnostics = "--- stdout\n" + Text.tailOfFile(out, 20) + "\n--- stderr\n" + Text.tailOfFile(err, 20);
        assertFalse(p.isAlive(), "serve was not refused, it listens:\n" + diagnostics);
        assertTrue(p.exitValue() == 1 || p.exitValue() == 2, "refused with a usage or runtime error, exit "
                + p.exitValue() + ":\n" + diagnostics);
        return Text.tailOfFile(err, 50);
    }

    private static Set<String> portals(LunbridgeStatus.Device d) {
        return d.paths().stream().map(LunbridgeStatus.PathStatus::portal).collect(Collectors.toSet());
    }

    private static void assertOneSessionPerLink(TwoPathTarget t) {
        List<TgtdShow.Nexus> sessions = t.tgtd().sessions(TwoPathTarget.TID);
        assertEquals(Set.of(t.a().hostAddress(), t.b().hostAddress()),
                sessions.stream().flatMap(n -> n.connections().stream()).collect(Collectors.toSet()),
                "one session from each link's address: " + sessions);
        assertEquals(2, sessions.size(), sessions.toString());
    }
}
