package io.lunbridge.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-test of {@link TgtdTarget} and {@link NetworkNamespace} with libiscsi's command-line
 * tools as the (independent) initiator.
 */
@Timeout(180)
class HarnessTgtdIT {

    private static final String IQN = "iqn.2024-01.io.lunbridge.it:harness-tgtd";
    private static final long LUN1_SIZE = 64L << 20;
    private static final long LUN2_SIZE = 32L << 20;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final TargetHostExtension host = new TargetHostExtension();

    private TgtdTarget targetWithTwoLuns() {
        TgtdTarget tgtd = host.tgtd();
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, LUN1_SIZE);
        tgtd.addLun(1, 2, LUN2_SIZE);
        tgtd.bindAll(1);
        return tgtd;
    }

    private static ProcessResult client(String... argv) {
        return ProcessRunner.runAllowingFailure(Command.of(argv), CLIENT_TIMEOUT);
    }

    private static long readCapacityBytes(String url) {
        ProcessResult r = ProcessRunner.run(Command.of("iscsi-readcapacity16").secret(url), CLIENT_TIMEOUT);
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("Total size:")) {
                return Long.parseLong(line.substring("Total size:".length()).trim());
            }
        }
        throw new AssertionError("no 'Total size:' in iscsi-readcapacity16 output:\n" + r.describe());
    }

    @Test
    void discoveryListsTargetAndBothLuns() {
        TgtdTarget tgtd = targetWithTwoLuns();
        String addr = tgtd.namespace().peerAddress();

        ProcessResult ls = client("iscsi-ls", "-s", "iscsi://" + addr + "/");

        assertEquals(0, ls.exitCode(), () -> ls.describe() + "\n" + tgtd.logTail(20));
        assertTrue(ls.stdout().contains("Target:" + IQN + " Portal:" + tgtd.portal()), ls::describe);
        assertTrue(ls.stdout().contains("Lun:1    Type:DIRECT_ACCESS"), ls::describe);
        assertTrue(ls.stdout().contains("Lun:2    Type:DIRECT_ACCESS"), ls::describe);
        assertEquals(LUN1_SIZE, readCapacityBytes("iscsi://" + addr + "/" + IQN + "/1"));
        assertEquals(LUN2_SIZE, readCapacityBytes("iscsi://" + addr + "/" + IQN + "/2"));
        assertEquals(LUN1_SIZE, tgtd.lunBackingFile(1, 1).toFile().length());
    }

    @Test
    void chapIsRequiredOnceBound() {
        TgtdTarget tgtd = targetWithTwoLuns();
        tgtd.addChapUser("alice", "alice-secret-1234");
        tgtd.bindChap(1, "alice");
        String addr = tgtd.namespace().peerAddress();

        ProcessResult anonymous = client("iscsi-ls", "-s", "iscsi://" + addr + "/");
        ProcessResult wrong = ProcessRunner.runAllowingFailure(
                Command.of("iscsi-ls", "-s").secret("iscsi://alice%wrong-secret-99@" + addr + "/"), CLIENT_TIMEOUT);
        ProcessResult right = ProcessRunner.runAllowingFailure(
                Command.of("iscsi-ls", "-s").secret("iscsi://alice%alice-secret-1234@" + addr + "/"), CLIENT_TIMEOUT);

        assertNotEquals(0, anonymous.exitCode(), anonymous::describe);
        assertFalse(anonymous.stdout().contains("Lun:1"), anonymous::describe);
        assertNotEquals(0, wrong.exitCode(), wrong::describe);
        assertEquals(0, right.exitCode(), () -> right.describe() + "\n" + tgtd.logTail(20));
        assertTrue(right.stdout().contains("Lun:1    Type:DIRECT_ACCESS"), right::describe);
        assertFalse(right.command().contains("alice-secret-1234"), "secret leaked into " + right.command());
    }

    @Test
    void mutualChapChecksTheTargetSecret() {
        TgtdTarget tgtd = targetWithTwoLuns();
        tgtd.addChapUser("alice", "alice-secret-1234");
        tgtd.addChapUser("target-side", "target-secret-567");
        tgtd.bindChap(1, "alice");
        tgtd.bindOutgoingChap(1, "target-side");
        String url = "iscsi://alice%alice-secret-1234@" + tgtd.namespace().peerAddress() + "/" + IQN + "/1";

        ProcessResult good = ProcessRunner.runAllowingFailure(Command.of("iscsi-inq").secret(url)
                .env("LIBISCSI_CHAP_TARGET_USERNAME", "target-side")
                .secretEnv("LIBISCSI_CHAP_TARGET_PASSWORD", "target-secret-567"), CLIENT_TIMEOUT);
        ProcessResult impostor = ProcessRunner.runAllowingFailure(Command.of("iscsi-inq").secret(url)
                .env("LIBISCSI_CHAP_TARGET_USERNAME", "target-side")
                .secretEnv("LIBISCSI_CHAP_TARGET_PASSWORD", "not-the-target-1"), CLIENT_TIMEOUT);

        assertEquals(0, good.exitCode(), () -> good.describe() + "\n" + tgtd.logTail(20));
        assertNotEquals(0, impostor.exitCode(), impostor::describe);
        assertFalse(good.command().contains("target-secret-567"), good.command());
    }

    @Test
    void connectionCountFollowsALiveSession() {
        TgtdTarget tgtd = targetWithTwoLuns();
        assertEquals(0, tgtd.connectionCount(1));

        Process perf = host.startProcess(Command.of("iscsi-perf", "-m", "1",
                        "iscsi://" + tgtd.namespace().peerAddress() + "/" + IQN + "/2"),
                WorkDirs.newLogFile("iscsi-perf"));
        Await.until("tgtd sees one connection", Duration.ofSeconds(30), () -> tgtd.connectionCount(1) == 1,
                () -> tgtd.showTargets() + tgtd.logTail(20));
        assertTrue(perf.isAlive(), "iscsi-perf must still hold its session");

        ProcessRunner.stop(perf, Duration.ofSeconds(5));
        Await.until("tgtd sees no connection", Duration.ofSeconds(30), () -> tgtd.connectionCount(1) == 0,
                tgtd::showTargets);
    }

    @Test
    void linkDownMakesTheTargetUnreachableAndLinkUpRestoresIt() {
        TgtdTarget tgtd = targetWithTwoLuns();
        NetworkNamespace ns = tgtd.namespace();
        String url = "iscsi://" + ns.peerAddress() + "/" + IQN + "/1";

        ns.linkDown();
        assertFalse(ns.isLinkUp());
        ProcessResult down = client("iscsi-inq", url);
        assertNotEquals(0, down.exitCode(), down::describe);

        ns.linkUp();
        assertTrue(ns.isLinkUp());
        Await.until("target reachable again", Duration.ofSeconds(30),
                () -> client("iscsi-inq", url).succeeded());
    }

    @Test
    void parametersAreValidatedAndApplied() {
        TgtdTarget tgtd = targetWithTwoLuns();
        tgtd.setParam(1, "MaxRecvDataSegmentLength", "262144");
        tgtd.setParam(1, "HeaderDigest", "CRC32C,None");

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> tgtd.setParam(1, "MaxConnectionz", "2"));
        assertTrue(bad.getMessage().contains("MaxConnectionz"), bad.getMessage());
        HarnessException rejected = assertThrows(HarnessException.class,
                () -> tgtd.setParam(1, "InitialR2T", "Maybe"));
        assertTrue(rejected.getMessage().contains("tgtadm"), rejected.getMessage());
        assertEquals(0, client("iscsi-inq", "iscsi://" + tgtd.namespace().peerAddress() + "/" + IQN + "/1")
                .exitCode());
    }

    @Test
    void closeRemovesNamespaceAndProcess() {
        TgtdTarget tgtd = targetWithTwoLuns();
        NetworkNamespace ns = tgtd.namespace();
        long pid = tgtd.pid();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(NetworkNamespace.listNamespaces().contains(ns.name()));

        tgtd.close();
        ns.close();
        tgtd.close();
        ns.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "tgtd pid " + pid + " alive");
        assertFalse(NetworkNamespace.listNamespaces().contains(ns.name()), ns.name() + " still listed");
        assertFalse(ProcessRunner.runAllowingFailure(Command.of("ip", "link", "show", ns.hostInterface()),
                Duration.ofSeconds(10)).succeeded(), ns.hostInterface() + " still exists");
        assertFalse(tgtd.lunBackingFile(1, 1).toFile().exists());
    }

    @Test
    void namespacesGetDistinctSubnetsAndNames() {
        NetworkNamespace a = host.namespace();
        NetworkNamespace b = host.namespace();
        assertNotEquals(a.name(), b.name());
        assertNotEquals(a.hostInterface(), b.hostInterface());
        assertFalse(a.subnet().overlaps(b.subnet()));
        assertTrue(NetworkNamespace.POOL.overlaps(a.subnet()));
        assertTrue(a.hostInterface().length() <= 15);
        assertTrue(a.name().contains(Long.toString(ProcessHandle.current().pid())));
        ProcessResult addr = a.exec("ip", "-4", "-o", "addr", "show", "dev", a.peerInterface());
        assertTrue(addr.stdout().contains(a.peerAddress() + "/30"), addr::describe);
    }

    @Test
    void concurrentCreationClaimsDistinctSlots() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<NetworkNamespace>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(host::namespace));
            }
            Set<String> interfaces = new HashSet<>();
            Set<Ipv4Network> subnets = new HashSet<>();
            for (Future<NetworkNamespace> f : futures) {
                NetworkNamespace ns = f.get();
                interfaces.add(ns.hostInterface());
                subnets.add(ns.subnet());
            }
            assertEquals(4, interfaces.size(), interfaces::toString);
            assertEquals(4, subnets.size(), subnets::toString);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sweepRemovesNamespacesOfDeadJvmsOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(ProcessRunner.awaitExit(gone, Duration.ofSeconds(10)));
        String stale = "lbit-" + gone.pid() + "-99999";
        NetworkNamespace live = host.namespace();
        ProcessRunner.run("ip", "netns", "add", stale);
        try {
            List<String> removed = NetworkNamespace.sweepStale();
            assertTrue(removed.contains(stale), removed::toString);
            assertFalse(removed.contains(live.name()), removed::toString);
            assertTrue(NetworkNamespace.listNamespaces().contains(live.name()));
            assertFalse(NetworkNamespace.listNamespaces().contains(stale));
        } finally {
            ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "del", stale), Duration.ofSeconds(10));
        }
    }

    @Test
    void existingNamespaceNamesAreSkippedAndLeftAlone() {
        long pid = ProcessHandle.current().pid();
        List<String> foreign = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String name = "lbit-" + pid + "-" + ((NetworkNamespace.firstSlot(pid) + i) % 8192);
                ProcessRunner.run("ip", "netns", "add", name);
                foreign.add(name);
            }
            NetworkNamespace ns = host.namespace();
            assertFalse(foreign.contains(ns.name()), ns.name());
            ns.close();
            assertTrue(NetworkNamespace.listNamespaces().containsAll(foreign), "a foreign namespace was deleted");
        } finally {
            for (String name : foreign) {
                ProcessRunner.runAllowingFailure(Command.of("ip", "netns", "del", name), Duration.ofSeconds(10));
            }
        }
    }
}
