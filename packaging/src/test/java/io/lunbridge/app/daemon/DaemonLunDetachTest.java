package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.lvm.Lvm;
import io.lunbridge.app.lvm.LvmResult;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.app.store.VolumeGroups;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code detach IQN lun N} on the daemon: one LUN's device goes, the session and the other LUNs stay;
 * refused while that device is in use (naming the use; force detaches), or while a volume group
 * configured for the target has a PV on it (naming VG and PV); the last LUN logs the target out; a
 * reload that does not change the target does not bring the LUN back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonLunDetachTest {
    final List<String> log = new CopyOnWriteArrayList<>();
    /** Uses per device path. */
    final Map<String, List<String>> usesOf = new ConcurrentHashMap<>();
    /** PVs per VG, as the fake pvs lists them. */
    final Map<String, List<String>> pvs = new ConcurrentHashMap<>();
    final ExecutorService thread = Executors.newSingleThreadExecutor();

    final Lvm lvm = new Lvm(args -> {
        log.add(String.join(" ", args));
        if (args.get(0).equals("pvs")) {
            String vg = args.get(args.size() - 1).substring("vg_name=".length());
            StringBuilder out = new StringBuilder();
            pvs.getOrDefault(vg, List.of()).forEach(pv -> out.append("  ").append(pv).append(' ').append(vg).append('\n'));
            return new LvmResult(0, out.toString(), "");
        }
        return new LvmResult(0, "", "");
    });

    /** A target with LUNs 1 and 2 as /dev/loop-SUFFIX1 and /dev/loop-SUFFIX2. */
    final class TwoLuns implements AttachedTarget {
        final StoredTarget stored;
        final List<Integer> luns = new CopyOnWriteArrayList<>(List.of(1, 2));

        TwoLuns(StoredTarget stored) {
            this.stored = stored;
            log.add("attach " + DaemonTest.suffix(stored));
        }

        @Override
        public StoredTarget stored() {
            return stored;
        }

        @Override
        public List<Path> devices() {
            return luns.stream().map(n -> Path.of("/dev/loop-" + DaemonTest.suffix(stored) + n)).toList();
        }

        @Override
        public List<Integer> luns() {
            return List.copyOf(luns);
        }

        @Override
        public List<MultipathDevice> units() {
            return List.of();
        }

        @Override
        public List<String> uses() {
            return devices().stream().flatMap(d -> uses(d).stream()).toList();
        }

        @Override
        public List<String> uses(Path device) {
            return usesOf.getOrDefault(device.toString(), List.of());
        }

        @Override
        public List<String> detachLun(int lun, boolean force) {
            log.add((force ? "force-detach " : "detach ") + DaemonTest.suffix(stored) + " lun " + lun);
            luns.remove(Integer.valueOf(lun));
            return List.of("/dev/loop-" + DaemonTest.suffix(stored) + lun + " detached");
        }

        @Override
        public List<String> detach(boolean force) {
            log.add((force ? "force-detach " : "detach ") + DaemonTest.suffix(stored));
            return List.of("logged out of " + stored.name());
        }
    }

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    private Daemon start(AtomicReference<List<StoredTarget>> store) {
        Daemon d = new Daemon(() -> {
            reads.incrementAndGet();
            return store.get();
        }, TwoLuns::new, SdNotify.fromEnvironment(Map.of(), 1), Duration.ofSeconds(30),
                lvm);
        thread.submit(d::run);
        Await.until("state READY", () -> d.state() == Daemon.State.READY);
        return d;
    }

    private static ControlReply send(Daemon d, String line) {
        Map<String, Function<ControlRequest, ControlReply>> verbs = DaemonVerbs.of(d);
        ControlRequest r = ControlRequest.parse(line);
        return verbs.get(r.verb()).apply(r);
    }

    @Test
    void oneLunGoesTheOtherStaysAndAnUnchangedReloadDoesNotBringItBack() {
        StoredTarget a = ReloadPlanTest.target("a", "all");
        Daemon d = start(new AtomicReference<>(List.of(a)));
        String iqn = a.name().value();

        assertEquals(ControlReply.ok("/dev/loop-a2 detached; " + iqn + " stays logged in with /dev/loop-a1"),
                send(d, "detach " + iqn + " lun 2"));
        assertEquals(List.of("attach a", "detach a lun 2"), log, "no logout, no other LUN touched");
        assertEquals(List.of(Path.of("/dev/loop-a1")), d.target(a.name()).orElseThrow().devices());

        ControlReply gone = send(d, "detach " + iqn + " lun 2");
        assertEquals(ControlReply.Status.REFUSED, gone.status());
        assertEquals("LUN 2 of " + iqn + " is not attached by the daemon (attached: LUN 1 /dev/loop-a1)",
                gone.message());

        int before = reads.get();
        d.signal("SIGHUP");
        Await.until("the store re-read", () -> reads.get() > before);
        // a request is carried out after the reload on the same thread: its answer means the reload is done
        assertEquals(ControlReply.Status.REFUSED, send(d, "detach " + iqn + " lun 2").status());
        assertEquals(List.of("attach a", "detach a lun 2"), log, "the target's record is unchanged: LUN 2 stays detached");
    }

    @Test
    void aLunInUseIsRefusedNamingTheUseForceDetachesItAndTheLastLunLogsOut() {
        StoredTarget a = ReloadPlanTest.target("a", "all");
        Daemon d = start(new AtomicReference<>(List.of(a)));
        String iqn = a.name().value();
        usesOf.put("/dev/loop-a1", List.of("/dev/loop-a1 is mounted on /mnt/one (ext4)"));

        assertEquals(ControlReply.refused("not detaching /dev/loop-a1 (LUN 1 of " + iqn + "): /dev/loop-a1 is mounted "
                + "on /mnt/one (ext4); unmount or close it first, or use --force (fails its I/O with EIO)"),
                send(d, "detach " + iqn + " lun 1"));
        assertEquals(List.of("attach a"), log);
        assertEquals(ControlReply.Status.OK, send(d, "detach " + iqn + " lun 1 force").status());
        assertEquals(List.of("attach a", "force-detach a lun 1"), log);

        ControlReply last = send(d, "detach " + iqn + " lun 2");
        assertEquals(ControlReply.ok("/dev/loop-a2 was the last LUN of " + iqn + ": the target is logged out (logged out "
                + "of " + iqn + ")"), last);
        assertEquals(List.of("attach a", "force-detach a lun 1", "detach a"), log);
        assertEquals(List.of(), d.targets());
    }

    @Test
    void aLunHoldingAPvOfAConfiguredVolumeGroupIsRefusedNamingVgAndPv() {
        pvs.put("datavg", List.of("/dev/loop-a1", "/dev/loop-a2"));
        StoredTarget a = ReloadPlanTest.target("a", "all").withVolumeGroups(VolumeGroups.parse("datavg"));
        Daemon d = start(new AtomicReference<>(List.of(a)));
        String iqn = a.name().value();
        log.clear();

        ControlReply r = send(d, "detach " + iqn + " lun 2");
        assertEquals(ControlReply.refused("not detaching LUN 2 (/dev/loop-a2) alone: volume group datavg (PV "
                + "/dev/loop-a2) is configured for " + iqn + "; deactivate it first (vgchange -an) or detach the whole "
                + "target (lunbridge detach --target " + iqn + ")"), r);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("detach")), log.toString());
        assertEquals(2, d.target(a.name()).orElseThrow().devices().size());
    }

    @Test
    void theLunFormIsParsedStrictly() {
        String iqn = "iqn.2026-12.io.lunbridge.test:a";
        assertEquals(new DaemonRequest.DetachLun(io.lunbridge.protocol.naming.IscsiName.parse(iqn), 3, true),
                DaemonRequest.parse(ControlRequest.parse("detach " + iqn + " lun 3 force")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DaemonRequest.parse(ControlRequest.parse("detach " + iqn + " lun x")));
        assertTrue(bad.getMessage().contains("LUN 'x'"), bad.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> DaemonRequest.parse(ControlRequest.parse("detach " + iqn + " lun 3 now")));
        assertEquals("detach: expected 'force' after the LUN, found 'now'", extra.getMessage());
    }
}
