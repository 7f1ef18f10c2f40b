package io.lunbridge.app.daemon;

import io.lunbridge.protocol.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.mpio.MultipathDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's order of work against targets that record what is done to them, and systemd's view
 * of it on a real notify socket: READY=1 after the automatic targets are attached, a reload that
 * touches only what changed, and a stop in reverse order that keeps a mounted target until last.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonTest {
    @TempDir
    Path tmp;

    final List<String> log = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> usesOf = new java.util.concurrent.ConcurrentHashMap<>();

    /** A target that records its attach and detach; its uses are whatever the test sets. */
    final class Recorded implements AttachedTarget {
        final StoredTarget stored;

        Recorded(StoredTarget stored) {
            this.stored = stored;
            log.add("attach " + suffix(stored));
        }

        @Override
        public StoredTarget stored() {
            return stored;
        }

        @Override
        public List<Path> devices() {
            return List.of(Path.of("/dev/loop-" + suffix(stored)));
        }

        @Override
        public List<MultipathDevice> units() {
            return List.of();
        }

        @Override
        public List<String> uses() {
            return usesOf.getOrDefault(suffix(stored), List.of());
        }

        @Override
        public Optional<Path> file(Path device) {
            return Optional.of(Path.of("/fuse/" + suffix(stored) + "/lun1"));
        }

        @Override
        public List<io.lunbridge.mpio.DeviceStatus> snapshot() {
            return List.of(new io.lunbridge.mpio.DeviceStatus(stored.name().value() + "/lun1", "naa.6001405a",
                    "LIO-ORG,disk", 1 << 20, io.lunbridge.mpio.DeviceState.RUNNING, null, null, "120", "failover",
                    "immediate", 0, 0, List.of(new io.lunbridge.mpio.PathStatus("198.18.0.2:3260", null,
                    "198.18.0.2:3260", "LUN 1", io.lunbridge.mpio.PathState.ACTIVE, null, "00023d000001", 1, 0, 0,
                    true, "logged in again"))));
        }

        @Override
        public List<String> detach(boolean force) {
            log.add((force ? "force-detach " : "detach ") + suffix(stored));
            return List.of("detached");
        }
    }

    /** Status from a fake /sys and /proc tree: /dev/loop-a is 7:9, mounted on /mnt/a, a PV of vg0; one flag per LUN. */
    DaemonStatus fakeStatus() throws java.io.IOException {
        Path sys = java.nio.file.Files.createDirectories(tmp.resolve("sys/block/loop-a/holders")).getParent().getParent();
        java.nio.file.Files.writeString(sys.resolve("loop-a/dev"), "7:9\n");
        Path proc = java.nio.file.Files.createDirectories(tmp.resolve("proc"));
        return new DaemonStatus(new io.lunbridge.app.lifecycle.DeviceUsage(sys, proc, 1),
                () -> io.lunbridge.app.lifecycle.MountTable.parse("36 22 7:9 / /mnt/a rw - ext4 /dev/loop-a rw\n"),
                () -> io.lunbridge.app.status.VolumeGroups.parse("  /dev/loop-a vg0\n  /dev/loop-b vg1\n"),
                (target, lun, device, local) -> List.of(new io.lunbridge.app.status.StatusFlag("needs-fsck", "from the flag source")));
    }

    /** A kernel nbd target: it can be handed over to the next daemon. */
    final class HandOverable implements AttachedTarget {
        final Recorded inner;

        HandOverable(StoredTarget stored) {
            inner = new Recorded(stored);
        }

        @Override
        public StoredTarget stored() {
            return inner.stored();
        }

        @Override
        public List<Path> devices() {
            return inner.devices();
        }

        @Override
        public List<MultipathDevice> units() {
            return List.of();
        }

        @Override
        public List<String> uses() {
            return inner.uses();
        }

        @Override
        public List<String> detach(boolean force) {
            return inner.detach(force);
        }

        @Override
        public boolean canHandOver() {
            return true;
        }

        @Override
        public List<String> handOver() {
            log.add("hand-over " + suffix(stored()));
            return List.of("handed over");
        }
    }

    /**
     * The restart rule: at SIGTERM a target in use that can be handed over (kernel nbd) is handed over
     * at once, with no stop wait and no fencing; an unused one is detached as before.
     */
    @Test
    void aStopHandsTheTargetsInUseOverAndDetachesTheUnusedOnes() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Daemon d = new Daemon(() -> List.of(ReloadPlanTest.target("a", "all"), ReloadPlanTest.target("b", "all")),
                    HandOverable::new, SdNotify.fromEnvironment(Map.of(), 1), java.time.Duration.ZERO);
            usesOf.put("a", List.of("/dev/nbd0 is mounted on /mnt (ext4)"));
            Future<Integer> run = thread.submit(d::run);
            Await.until("state READY", () -> d.state() == Daemon.State.READY);
            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS), "one SIGTERM, no wait for the mounted one (stop wait: forever)");
            assertEquals(List.of("attach a", "attach b", "detach b", "hand-over a"), log);
            assertEquals(Daemon.State.STOPPED, d.state());
            assertEquals(List.of(), d.targets());
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * A target handed over at stop leaves the daemon's book entirely: its volume groups and its "on
     * request" mark go with its attachment (they used to stay behind, naming a target no longer there).
     */
    @Test
    void aHandedOverTargetLeavesNoVolumeGroupsOrOnRequestMarkBehind() throws Exception {
        StoredTarget a = ReloadPlanTest.target("a", "all").withVolumeGroups(io.lunbridge.app.store.VolumeGroups.parse(
                "datavg"));
        io.lunbridge.app.lvm.Lvm lvm = new io.lunbridge.app.lvm.Lvm(args -> new io.lunbridge.app.lvm.LvmResult(0,
                args.get(0).equals("pvs") ? "  /dev/loop-a datavg\n" : "", ""));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Daemon d = new Daemon(List::of, n -> n.equals(a.name()) ? Optional.of(a) : Optional.empty(), HandOverable::new,
                    SdNotify.fromEnvironment(Map.of(), 1), java.time.Duration.ZERO, lvm);
            Map<String, java.util.function.Function<ControlRequest, ControlReply>> verbs = DaemonVerbs.of(d, fakeStatus());
            Future<Integer> run = thread.submit(d::run);
            Await.until("state READY", () -> d.state() == Daemon.State.READY);
            assertEquals(ControlReply.Status.OK, send(verbs, "attach " + a.name().value() + " 1").status());
            assertTrue(d.attachedOnRequest(a.name()));
            assertEquals(List.of("vg datavg activated"), d.volumeGroupLines(a.name()));
            usesOf.put("a", List.of("/dev/nbd0 is mounted on /mnt (ext4)"));
            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("attach a", "hand-over a"), log);
            assertEquals(List.of(), d.targets());
            assertEquals(List.of(), d.volumeGroupLines(a.name()), "no VG lines for a target handed over");
            assertTrue(!d.attachedOnRequest(a.name()), "no 'on request' mark for a target handed over");
        } finally {
            thread.shutdownNow();
        }
    }

    static String suffix(StoredTarget t) {
        return t.name().value().substring(t.name().value().indexOf(':') + 1);
    }

    @Test
    void readyAfterAttachReloadTouchesOnlyChangesStopIsReverseWithTheMountedLast() throws Exception {
        String socket = tmp.resolve("notify").toString();
        AtomicReference<List<StoredTarget>> store = new AtomicReference<>(List.of(
                ReloadPlanTest.target("a", "all"), ReloadPlanTest.target("b", "1"), ReloadPlanTest.target("c", "all")));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (SdNotifyTest.Receiver r = new SdNotifyTest.Receiver(socket)) {
            Daemon d = new Daemon(store::get, t -> {
                if (suffix(t).equals("c")) {
                    throw new java.io.IOException("login refused by c");
                }
                return new Recorded(t);
            }, SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket), 1));
            Future<Integer> run = thread.submit(d::run);
            assertEquals("READY=1\nSTATUS=0 devices, 0 queueing, 1 target not attached", r.next());
            assertEquals(List.of("attach a", "attach b"), log, "READY=1 comes after the attaches");
            assertEquals(Map.of(ReloadPlanTest.target("c", "all").name(), "login refused by c"), d.failedTargets());

            store.set(List.of(ReloadPlanTest.target("a", "all"), ReloadPlanTest.target("b", "1,2"),
                    ReloadPlanTest.target("d", "all")));
            d.signal("SIGHUP");
            assertEquals("RELOADING=1", r.next());
            assertEquals("READY=1\nSTATUS=0 devices, 0 queueing", r.next(), "c is no longer wanted: not failed");
            assertEquals(List.of("attach a", "attach b", "detach b", "attach b", "attach d"), log,
                    "a untouched, b changed, d added");
            assertEquals(List.of("a", "b", "d"), d.targets().stream().map(t -> suffix(t.stored())).toList());

            usesOf.put("d", List.of("/dev/loop-d is mounted on /mnt (ext4)"));
            log.clear();
            d.signal("SIGTERM");
            assertTrue(r.next().startsWith("STOPPING=1\nSTATUS=stopping"));
            Await.until("two targets detached", () -> log.size() == 2);
            assertEquals(List.of("detach b", "detach a"), log, "reverse order; d is mounted and waits");
            assertEquals(Daemon.State.STOPPING, d.state());
            usesOf.remove("d");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("detach b", "detach a", "detach d"), log, "d once unmounted");
            assertEquals(Daemon.State.STOPPED, d.state());
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aSecondSignalWhileAMountedTargetWaitsForcesIt() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Daemon d = new Daemon(() -> List.of(ReloadPlanTest.target("a", "all")), Recorded::new,
                    SdNotify.fromEnvironment(Map.of(), 1));
            usesOf.put("a", List.of("/dev/loop-a is mounted on /mnt (ext4)"));
            Future<Integer> run = thread.submit(d::run);
            Await.until("state READY", () -> d.state() == Daemon.State.READY);
            d.signal("SIGTERM");
            Await.until("state STOPPING", () -> d.state() == Daemon.State.STOPPING);
            assertEquals(List.of("attach a"), log, "mounted: not detached by the first signal");
            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("attach a", "force-detach a"), log);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aDiskStillInUseWhenTheStopWaitEndsIsFencedAndDetached() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Daemon d = new Daemon(() -> List.of(ReloadPlanTest.target("a", "all")), Recorded::new,
                    SdNotify.fromEnvironment(Map.of(), 1), java.time.Duration.ofMillis(300));
            usesOf.put("a", List.of("/dev/loop-a is mounted on /mnt (ext4)"));
            Future<Integer> run = thread.submit(d::run);
            Await.until("state READY", () -> d.state() == Daemon.State.READY);
            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS), "one SIGTERM is enough once the wait is over");
            assertEquals(List.of("attach a", "force-detach a"), log);
            assertEquals(Daemon.State.STOPPED, d.state());
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void theWatchdogIsPingedAtHalfItsIntervalAndTheControlVerbsDescribeTheTargets() throws Exception {
        String socket = tmp.resolve("notify").toString();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (SdNotifyTest.Receiver r = new SdNotifyTest.Receiver(socket)) {
            Daemon d = new Daemon(() -> List.of(ReloadPlanTest.target("a", "1")), Recorded::new,
                    SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "200000",
                            "WATCHDOG_PID", "7"), 7));
            usesOf.put("a", List.of("/dev/loop-a is mounted on /mnt (ext4)"));
            Future<Integer> run = thread.submit(d::run);
            List<String> seen = new java.util.ArrayList<>();
            while (seen.stream().filter("WATCHDOG=1"::equals).count() < 2) {
                seen.add(r.next());
            }
            assertEquals(Optional.of(java.time.Duration.ofMillis(100)), SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET",
                    socket, "WATCHDOG_USEC", "200000"), 7).watchdogInterval(), "half of WATCHDOG_USEC");
            Await.until("state READY", () -> d.state() == Daemon.State.READY);

            io.lunbridge.app.control.ControlReply status = DaemonVerbs.status(d, fakeStatus(),
                    new io.lunbridge.app.control.ControlRequest("status", List.of()));
            long pid = ProcessHandle.current().pid();
            assertEquals(List.of("daemon " + pid + " state READY: 0 devices, 0 queueing", "",
                    "process " + pid + " (daemon) target iqn.2026-12.io.lunbridge.test:a",
                    "startup: automatic  luns: 1 (attached from the store)",
                    "session 198.18.0.2:3260 iface (routed) portal 198.18.0.2:3260 isid 00023d000001 tsih 1: logged in",
                    "iqn.2026-12.io.lunbridge.test:a/lun1 naa.6001405a LIO-ORG,disk",
                    "device /dev/loop-a file /fuse/a/lun1",
                    "size=1048576 (1.0 MiB) policy='failover' failback=immediate replacement-timeout=120 state=RUNNING "
                            + "failovers=0 io-failures=0",
                    "`-* 198.18.0.2:3260 LUN 1 active isid=00023d000001 tsih=1 failures=0 inflight=0 "
                            + "last-change='logged in again'",
                    "pv /dev/loop-a vg vg0",
                    "use /dev/loop-a is mounted on /mnt/a (ext4)",
                    "flag needs-fsck: from the flag source"), status.data());

            usesOf.clear();
            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void loginAttachesAStoredTargetNowLogoutIsRefusedWhileMountedAndReloadsLeaveRequestedTargetsAlone() throws Exception {
        StoredTarget a = ReloadPlanTest.target("a", "all");
        StoredTarget m = new StoredTarget(IscsiName.parse("iqn.2026-12.io.lunbridge.test:m"), Optional.empty(), false,
                io.lunbridge.app.store.VolumeGroups.NONE, java.util.OptionalInt.empty(), Optional.empty(),
                List.of(io.lunbridge.app.store.StoredPortal.of("198.18.0.2", 3260)), Optional.empty());
        Map<IscsiName, StoredTarget> stored = Map.of(a.name(), a, m.name(), m);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        String socket = tmp.resolve("notify").toString();
        try (SdNotifyTest.Receiver notify = new SdNotifyTest.Receiver(socket)) {
            Daemon d = new Daemon(() -> List.of(a), n -> Optional.ofNullable(stored.get(n)), Recorded::new,
                    SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket), 1), java.time.Duration.ofSeconds(5));
            Map<String, java.util.function.Function<ControlRequest, ControlReply>> verbs = DaemonVerbs.of(d, fakeStatus());
            Future<Integer> run = thread.submit(d::run);
            assertTrue(notify.next().startsWith("READY=1"));
            String mName = m.name().value();

            assertEquals(ControlReply.ok("target " + mName + " logged in: /dev/loop-m"), send(verbs, "login " + mName));
            assertEquals(List.of("attach a", "attach m"), log, "m (startup=manual) attached on request");
            assertTrue(d.attachedOnRequest(m.name()));
            assertEquals(ControlReply.Status.REFUSED, send(verbs, "login " + mName).status(), "already logged in");
            ControlReply unknown = send(verbs, "login iqn.2026-12.io.lunbridge.test:zz");
            assertEquals(ControlReply.Status.REFUSED, unknown.status());
            assertTrue(unknown.message().contains("is not in the daemon's store"), unknown.message());

            d.signal("SIGHUP");
            String next = notify.next();
            while (!next.startsWith("RELOADING=1")) { // STATUS= updates after the login may come first
                next = notify.next();
            }
            assertTrue(notify.next().startsWith("READY=1"), "the reload is done");
            assertEquals(List.of("attach a", "attach m"), log, "a reload leaves a target logged in on request alone");

            usesOf.put("m", List.of("/dev/loop-m is mounted on /mnt/m (ext4)"));
            ControlReply refused = send(verbs, "logout " + mName);
            assertEquals(ControlReply.refused("not logging out of " + mName + ": /dev/loop-m is mounted on /mnt/m (ext4); "
                    + "unmount or close it first, or use --force (fails its I/O with EIO)"), refused);
            assertEquals(List.of("attach a", "attach m"), log, "nothing detached while mounted");
            assertEquals(ControlReply.ok("detached"), send(verbs, "logout " + mName + " force"));
            assertEquals(List.of("attach a", "attach m", "force-detach m"), log, "force fences and detaches");
            assertEquals(ControlReply.Status.REFUSED, send(verbs, "logout " + mName).status(), "no longer logged in");

            usesOf.put("a", List.of("/dev/loop-a is held by /dev/dm-0 (/dev/mapper/vg-lv)"));
            ControlReply held = send(verbs, "detach " + a.name().value());
            assertEquals(ControlReply.Status.REFUSED, held.status());
            assertTrue(held.message().contains("/dev/loop-a is held by /dev/dm-0 (/dev/mapper/vg-lv)"), held.message());
            usesOf.clear();
            assertEquals(ControlReply.ok("detached"), send(verbs, "detach " + a.name().value()),
                    "a daemon device is detached on request (no longer refused with a hint)");
            assertEquals(List.of(), d.targets());

            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
            ControlReply late = send(verbs, "login " + mName);
            assertEquals(ControlReply.refused("the daemon is stopping: 'login " + mName + "' not carried out"), late);
        } finally {
            thread.shutdownNow();
        }
    }

    private static ControlReply send(Map<String, java.util.function.Function<ControlRequest, ControlReply>> verbs,
                                     String line) {
        ControlRequest r = ControlRequest.parse(line);
        return verbs.get(r.verb()).apply(r);
    }
}
