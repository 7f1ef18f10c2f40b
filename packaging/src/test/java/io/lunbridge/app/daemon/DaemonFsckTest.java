package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.fsck.FlagStore;
import io.lunbridge.app.fsck.FsckTools;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.protocol.testing.Await;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's {@code fsck} verb on a running daemon (main loop on its own thread) with a fake /sys
 * and /proc tree and stand-ins for blkid and the checkers: what it resolves, the refusal while
 * mounted, read-only unless asked to repair, the flag cleared on a clean result, and, while a check
 * runs, the main thread still serving (a login), logout/detach of that target refused naming the
 * check, and a stop that waits for it before detaching.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonFsckTest {
    static final StoredTarget A = ReloadPlanTest.target("a", "all");
    static final StoredTarget M = ReloadPlanTest.target("m", "all");

    @TempDir
    Path tmp;

    final List<String> log = new CopyOnWriteArrayList<>();
    final List<List<String>> ran = new CopyOnWriteArrayList<>();
    final Deque<Integer> exits = new ArrayDeque<>();
    final Set<String> flagged = ConcurrentHashMap.newKeySet();
    volatile String mountinfo = "";
    /** When set, each checker run waits for it (a long check). */
    volatile CountDownLatch hold;
    /** When set, each target shows a second LUN (2, /dev/loop-X2), for a single-LUN detach. */
    volatile boolean twoLuns;
    final CountDownLatch checking = new CountDownLatch(1);

    final ExecutorService threads = Executors.newCachedThreadPool();
    Daemon daemon;
    Future<Integer> run;
    Map<String, Function<ControlRequest, ControlReply>> verbs;

    final class Disk implements AttachedTarget {
        final StoredTarget stored;

        Disk(StoredTarget stored) {
            this.stored = stored;
            log.add("attach " + suffix());
        }

        String suffix() {
            String n = stored.name().value();
            return n.substring(n.lastIndexOf(':') + 1);
        }

        @Override
        public StoredTarget stored() {
            return stored;
        }

        @Override
        public List<Path> devices() {
            return twoLuns ? List.of(Path.of("/dev/loop-" + suffix()), Path.of("/dev/loop-" + suffix() + "2"))
                    : List.of(Path.of("/dev/loop-" + suffix()));
        }

        @Override
        public List<Integer> luns() {
            return twoLuns ? List.of(1, 2) : List.of(1);
        }

        @Override
        public List<String> detachLun(int lun, boolean force) {
            log.add("detach " + suffix() + " lun " + lun);
            return List.of("detached lun " + lun);
        }

        @Override
        public List<String> lunLabels() {
            return List.of("1");
        }

        @Override
        public List<MultipathDevice> units() {
            return List.of();
        }

        @Override
        public List<String> uses() {
            return List.of();
        }

        @Override
        public List<io.lunbridge.mpio.DeviceStatus> snapshot() {
            return List.of(new io.lunbridge.mpio.DeviceStatus(stored.name().value() + "/lun1", "naa.6001405a",
                    "LIO-ORG,disk", 1 << 20, io.lunbridge.mpio.DeviceState.RUNNING, null, null, "120", "failover",
                    "immediate", 0, 0, List.of()));
        }

        @Override
        public List<String> detach(boolean force) {
            log.add((force ? "force-detach " : "detach ") + suffix());
            return List.of("detached");
        }
    }

    final FsckTools tools = new FsckTools() {
        @Override
        public Optional<String> filesystemType(Path device) {
            return Optional.of("ext4");
        }

        @Override
        public int run(List<String> argv, PrintWriter out) {
            ran.add(argv);
            out.println("  e2fsck output for " + argv.get(argv.size() - 1));
            checking.countDown();
            CountDownLatch h = hold;
            if (h != null) {
                try {
                    assertTrue(h.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                log.add("check ended");
            }
            synchronized (exits) {
                return exits.removeFirst();
            }
        }
    };

    final FlagStore flags = new FlagStore() {
        @Override
        public boolean flagged(IscsiName target, String lun) {
            return flagged.contains(target.value() + " " + lun);
        }

        @Override
        public boolean clear(IscsiName target, String lun) {
            return flagged.remove(target.value() + " " + lun);
        }
    };

    @BeforeEach
    void start() throws Exception {
        Path sys = Files.createDirectories(tmp.resolve("sys/block"));
        for (String d : List.of("loop-a", "loop-m")) {
            Files.createDirectories(sys.resolve(d).resolve("holders"));
            Files.writeString(sys.resolve(d).resolve("dev"), (d.equals("loop-a") ? "7:9" : "7:10") + "\n");
        }
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Map<IscsiName, StoredTarget> stored = Map.of(A.name(), A, M.name(), M);
        daemon = new Daemon(() -> List.of(A), n -> Optional.ofNullable(stored.get(n)), Disk::new,
                SdNotify.fromEnvironment(Map.of(), 1), java.time.Duration.ofSeconds(30));
        DaemonFsck fsck = new DaemonFsck(daemon, new DeviceUsage(sys, proc, 1), () -> MountTable.parse(mountinfo), tools,
                flags);
        verbs = DaemonVerbs.of(daemon, new DaemonStatus(new DeviceUsage(sys, proc, 1), () -> MountTable.parse(""),
                () -> io.lunbridge.app.status.VolumeGroups.NONE, io.lunbridge.app.status.StatusFlags.NONE), fsck);
        run = threads.submit(daemon::run);
        Await.until("the daemon is ready", () -> daemon.state() == Daemon.State.READY);
    }

    @AfterEach
    void stop() throws Exception {
        if (hold != null) {
            hold.countDown();
        }
        daemon.signal("SIGTERM");
        run.get(30, TimeUnit.SECONDS);
        threads.shutdownNow();
    }

    ControlReply send(String line) {
        return verbs.get(ControlRequest.parse(line).verb()).apply(ControlRequest.parse(line));
    }

    @Test
    void aCleanCheckOfADaemonTargetRunsReadOnlyAndClearsItsFlag() {
        flagged.add(A.name().value() + " 1");
        exits.add(0);
        ControlReply r = send("fsck " + A.name().value());
        assertEquals(ControlReply.Status.OK, r.status(), r.toString());
        assertTrue(r.message().matches("lunbridge daemon [0-9]+: read-only check of " + A.name().value() + ": exit 0"),
                r.message());
        assertEquals(List.of(List.of("e2fsck", "-n", "-f", "/dev/loop-a")), ran);
        assertTrue(r.data().contains("  e2fsck output for /dev/loop-a"), r.data().toString());
        assertTrue(r.data().contains("  /dev/loop-a: clean (e2fsck exit 0)"), r.data().toString());
        assertFalse(flagged.contains(A.name().value() + " 1"), "the flag is cleared");
        assertFalse(daemon.fscks().running(A.name()).isPresent(), "the claim is released");
    }

    @Test
    void errorsAreRepairedOnlyWhenTheRequestSaysRepair() {
        flagged.add(A.name().value() + " 1");
        exits.add(4);
        ControlReply check = send("fsck /dev/loop-a");
        assertTrue(check.message().endsWith(": exit 4"), check.message());
        assertEquals(1, ran.size(), "only the read-only check: " + ran);
        assertTrue(String.join("\n", check.data()).contains("lunbridge fsck --repair /dev/loop-a"), check.data().toString());
        assertTrue(flagged.contains(A.name().value() + " 1"), "the flag stays");
        exits.addAll(List.of(4, 1));
        ControlReply repair = send("fsck /dev/loop-a repair");
        assertTrue(repair.message().matches("lunbridge daemon [0-9]+: repair of /dev/loop-a: exit 1"), repair.message());
        assertEquals(List.of("e2fsck", "-f", "-y", "/dev/loop-a"), ran.get(2));
        assertFalse(flagged.contains(A.name().value() + " 1"), "cleared after the repair");
    }

    @Test
    void refusedWhileMountedAndForWhatTheDaemonDidNotAttach() {
        mountinfo = "36 22 7:9 / /mnt/a rw - ext4 /dev/loop-a rw\n";
        ControlReply mounted = send("fsck /dev/loop-a");
        assertEquals(ControlReply.Status.REFUSED, mounted.status());
        assertTrue(mounted.message().contains("/mnt/a"), mounted.message());
        assertEquals(List.of(), ran, "nothing checked");
        ControlReply other = send("fsck /dev/loop7");
        assertEquals(ControlReply.refused("/dev/loop7 is not a device of the lunbridge daemon; the daemon has attached: "
                + "LUN 1 of " + A.name() + " (/dev/loop-a)"), other);
        assertEquals(ControlReply.Status.REFUSED, send("fsck " + M.name().value()).status(), "m is not attached");
        assertFalse(daemon.fscks().running(A.name()).isPresent());
    }

    @Test
    void whileACheckRunsTheMainThreadServesButTheTargetCannotBeLoggedOutOrCheckedTwice() throws Exception {
        hold = new CountDownLatch(1);
        exits.add(0);
        Future<ControlReply> first = threads.submit(() -> send("fsck " + A.name().value()));
        assertTrue(checking.await(30, TimeUnit.SECONDS));
        assertEquals(ControlReply.ok("target " + M.name().value() + " logged in: /dev/loop-m"),
                send("login " + M.name().value()), "the main thread is not held by the check");
        for (String verb : List.of("logout", "detach")) {
            for (String force : List.of("", " force")) {
                ControlReply r = send(verb + " " + A.name().value() + force);
                assertEquals(ControlReply.Status.REFUSED, r.status(), verb + force);
                assertTrue(r.message().startsWith("not logging out of " + A.name() + ": lunbridge fsck (read-only check of "
                        + A.name().value() + ") is running since "), r.message());
            }
        }
        twoLuns = true;
        for (String force : List.of("", " force")) {
            ControlReply r = send("detach " + A.name().value() + " lun 2" + force);
            assertEquals(ControlReply.Status.REFUSED, r.status(), "lun 2" + force);
            assertTrue(r.message().startsWith("not detaching /dev/loop-a2 (LUN 2 of " + A.name() + "): lunbridge fsck "
                    + "(read-only check of " + A.name().value() + ") is running since "), r.message());
        }
        twoLuns = false;
        ControlReply twice = send("fsck /dev/loop-a");
        assertEquals(ControlReply.Status.REFUSED, twice.status());
        assertTrue(twice.message().contains("lunbridge fsck (read-only check of " + A.name().value() + ") is running"),
                twice.message());
        assertEquals(List.of("attach a", "attach m"), log, "nothing detached");
        hold.countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS).message().endsWith(": exit 0"));
        assertEquals(ControlReply.ok("detached"), send("logout " + A.name().value()), "free again after the check");
    }

    @Test
    void aStopWaitsForARunningCheckBeforeDetachingItsTarget() throws Exception {
        hold = new CountDownLatch(1);
        exits.add(0);
        Future<ControlReply> check = threads.submit(() -> send("fsck " + A.name().value()));
        assertTrue(checking.await(30, TimeUnit.SECONDS));
        daemon.signal("SIGTERM");
        Await.until("the daemon is stopping", () -> daemon.state() == Daemon.State.STOPPING);
        ControlReply late = send("fsck " + A.name().value());
        assertEquals(ControlReply.Status.REFUSED, late.status(), "no new check while stopping");
        hold.countDown();
        assertTrue(check.get(30, TimeUnit.SECONDS).message().endsWith(": exit 0"));
        assertEquals(0, run.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("attach a", "check ended", "detach a"), log, "detached only once the check ended");
    }

    @Test
    void theDaemonsStatusCarriesTheStoresNeedsFsckFlagOfItsLun() throws Exception {
        Path store = tmp.resolve("store.db");
        try (io.lunbridge.app.store.ConfigStore s = io.lunbridge.app.store.ConfigStore.open(store)) {
            s.recordIoFailure(A.name(), "1", true, java.time.Instant.parse("2026-12-04T01:02:03Z"),
                    "replacement timeout expired", 4, Optional.of("/dev/loop-a"));
            s.recordIoFailure(M.name(), "1", true, java.time.Instant.parse("2026-12-04T01:02:03Z"),
                    "replacement timeout expired", 2, Optional.of("/dev/loop-m"));
        }
        Map<String, Function<ControlRequest, ControlReply>> system = DaemonVerbs.of(daemon, store);
        String json = String.join("", system.get("status").apply(ControlRequest.parse("status json")).data());
        assertTrue(json.contains("\"flags\":[{\"key\":\"needs-fsck\",\"text\":\"" + A.name().value()
                + " lun 1 since 2026-12-04T01:02:03Z (replacement timeout expired, 4 I/Os failed) on /dev/loop-a: run"
                + " lunbridge fsck\"}]"), json);
        assertFalse(json.contains("loop-m"), "m's flag is not a's: " + json);
        List<String> text = system.get("status").apply(ControlRequest.parse("status")).data();
        assertTrue(text.contains("flag needs-fsck: " + A.name().value() + " lun 1 since 2026-12-04T01:02:03Z (replacement"
                + " timeout expired, 4 I/Os failed) on /dev/loop-a: run lunbridge fsck"), text.toString());
    }

    @Test
    void anUnreadableStoreIsAFlagNotAFailure() {
        io.lunbridge.app.fsck.NeedsFsckFlags broken = new io.lunbridge.app.fsck.NeedsFsckFlags(() -> {
            throw new io.lunbridge.app.store.StoreException("database is locked");
        }, "/var/lib/lunbridge/store.db");
        assertEquals(List.of(new io.lunbridge.app.status.StatusFlag("flags-unreadable", "the 'needs fsck' flags of the "
                + "store /var/lib/lunbridge/store.db cannot be read: database is locked")), broken.of(A.name().value(), "1",
                null, "/dev/loop-a"));
    }
}
