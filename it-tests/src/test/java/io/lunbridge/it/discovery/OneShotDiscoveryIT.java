package io.lunbridge.it.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.IsnsdServer;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-shot discovery without a configuration file ({@code discover --targets-file | --isns |
 * --store}) against a real tgtd and a real isnsd, and {@code --add} merging what was found into
 * the store without overwriting what the user set. The configuration directory is empty: every
 * method is named on the command line only.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OneShotDiscoveryIT {
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:oneshot-initiator";
    private static final String DISK = "iqn.2026-12.io.lunbridge.it:oneshot-disk";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    /** A discover command line with an empty configuration directory. */
    CliRun run(String... args) {
        return CliRun.of(List.of("--config-dir", tmp.resolve("etc").toString(), "--initiator-name", INITIATOR), args);
    }

    /** The store verbs, which take no initiator options. */
    static CliRun target(String... args) {
        return CliRun.of(args);
    }

    private TgtdTarget tgtd(NetworkNamespace ns) {
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, DISK);
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.bindAll(1);
        return tgtd;
    }

    @Test
    void targetsFileNamedOnTheCommandLine() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        tgtd(ns);
        Path file = tmp.resolve("targets");
        Files.writeString(file, "# one target\n" + ns.peerAddress() + " 3260 " + DISK + "\n");

        CliRun r = run("discover", "--targets-file", file.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().startsWith("file (" + file + "): 1 target\n"), r.out());
        assertTrue(r.out().contains(DISK + " " + ns.peerAddress() + ":3260"), r.out());
        assertFalse(Files.exists(tmp.resolve("etc/lunbridge.conf")), "no configuration was needed or written");

        Files.writeString(file, ns.peerAddress() + " 99999 " + DISK + "\n");
        CliRun bad = run("discover", "--targets-file", file.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.out().contains(file + ":1"), "the error names the file and line: " + bad.out());
    }

    @Test
    void isnsServerNamedOnTheCommandLineThenAddedAndRediscoveredWithoutClobbering() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        tgtd(ns);
        IsnsdServer isnsd = hosts.register("isnsd", IsnsdServer.start(ns));
        String portal = ns.peerAddress() + ":3260";
        isnsd.registerTarget("tgtd-oneshot", DISK, portal);
        isnsd.createDomain("oneshot", INITIATOR, DISK);
        Path store = tmp.resolve("lib/store.db");

        CliRun first = run("discover", "--isns", isnsd.address(), "--add", store.toString());
        assertEquals(0, first.status(), first.err() + first.out());
        assertTrue(first.out().startsWith("isns (" + isnsd.address() + "): 1 target\n"), first.out());
        assertTrue(first.out().contains("store " + store + ": " + DISK + " added"), first.out());

        CliRun json = run("discover", "--isns", isnsd.address(), "--json");
        assertEquals(0, json.status(), json.err() + json.out());
        assertTrue(json.out().startsWith("{\"methods\":[{\"method\":\"isns\",\"from\":\""), json.out());
        assertTrue(json.out().contains("\"error\":null,\"targets\":[{\"name\":\"" + DISK + "\""), json.out());
        assertTrue(json.out().contains("\"portals\":[{\"host\":\"" + ns.peerAddress() + "\",\"port\":3260,\"group\":1}]"),
                "the portal group tag iSNS reported: " + json.out());
        assertTrue(json.out().trim().endsWith("\"notes\":[]}"), json.out());

        CliRun listed = run("discover", "--store", store.toString());
        assertEquals(0, listed.status(), listed.err() + listed.out());
        assertTrue(listed.out().startsWith("store (" + store + "): 1 target\n"), listed.out());
        assertTrue(listed.out().contains(DISK + " " + portal + ",1"), "the portal group tag came from iSNS: " + listed.out());

        // The user replaces the record with their own settings (a user-set portal tag and alias)...
        assertEquals(0, target("target", "remove", "--store", store.toString(), DISK).status());
        CliRun added = target("target", "add", "--store", store.toString(), "--alias", "my database disk",
                "--export-name", "db", "--portal", portal + ",9", DISK);
        assertEquals(0, added.status(), added.err());
        // ... and discovery runs again: iSNS still says tag 1, the user's 9 stays.
        CliRun again = run("discover", "--isns", isnsd.address(), "--add", store.toString());
        assertEquals(0, again.status(), again.err() + again.out());
        assertTrue(again.out().contains(DISK + " unchanged; kept portal " + portal + ",9 (yours; discovery says tag 1)"),
                again.out());
        CliRun show = target("target", "show", "--store", store.toString(), DISK);
        assertEquals(0, show.status(), show.err());
        assertTrue(show.out().contains("my database disk"), show.out());
        assertTrue(show.out().contains(portal + ",9"), "the user's tag survived rediscovery: " + show.out());
        assertTrue(show.out().contains("db"), show.out());
    }

    @Test
    void sendTargetsWithAddAndTheErrorsOfBadOptions() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        tgtd(ns);
        Path store = tmp.resolve("st.db");
        CliRun r = run("discover", "--portal", ns.peerAddress(), "--add", store.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("store " + store + ": " + DISK + " added"), r.out());

        CliRun json = run("discover", "--portal", ns.peerAddress(), "--json", "--add", store.toString());
        assertEquals(0, json.status(), json.err() + json.out());
        assertEquals("{\"methods\":[{\"method\":\"sendtargets\",\"from\":\"" + ns.peerAddress() + ":3260\",\"error\":null,"
                + "\"targets\":[{\"name\":\"" + DISK + "\",\"alias\":\"\",\"portals\":[{\"host\":\"" + ns.peerAddress()
                + "\",\"port\":3260,\"group\":1}],\"transports\":[],\"source\":\"sendtargets " + ns.peerAddress()
                + ":3260\"}]}],\"notes\":[]}\n", json.out());
        assertTrue(json.err().contains("store " + store + ": " + DISK + " unchanged"), "--add reports on stderr: " + json.err());

        CliRun mixed = run("discover", "--portal", ns.peerAddress(), "--isns", "198.18.0.9");
        assertEquals(1, mixed.status());
        assertTrue(mixed.err().contains("--portal (SendTargets) cannot be combined"), mixed.err());

        CliRun badPort = run("discover", "--isns", "198.18.0.9:0");
        assertEquals(1, badPort.status());
        assertTrue(badPort.err().contains("--isns") && badPort.err().contains("out of range"), badPort.err());

        CliRun missing = run("discover", "--targets-file", tmp.resolve("nope").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.out().contains(tmp.resolve("nope").toString()), missing.out());
    }
}
