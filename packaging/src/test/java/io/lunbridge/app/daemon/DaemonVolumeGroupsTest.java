package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon's volume groups against a fake lvm that records every command and answers from the
 * test's script: activation after attach, refusal of a VG with a PV that is not one of the target's
 * disks (never a vgchange for it, the disks stay attached), deactivation before every detach (stop
 * and reload), and a stop that waits while an LV is mounted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonVolumeGroupsTest {
    final List<String> log = new CopyOnWriteArrayList<>();
    /** PV names per VG, as pvs would print them. */
    final Map<String, List<String>> pvs = new ConcurrentHashMap<>();
    /** lvm commands (joined with blanks) that fail, with their stderr. */
    final Map<String, String> failing = new ConcurrentHashMap<>();
    final Map<String, List<String>> usesOf = new ConcurrentHashMap<>();
    /** The VGs the fake lvm has active: their LVs hold the disks their PVs are on, as device-mapper does. */
    final Set<String> active = ConcurrentHashMap.newKeySet();
    final ExecutorService thread = Executors.newSingleThreadExecutor();

    final Lvm lvm = new Lvm(args -> {
        String cmd = String.join(" ", args);
        log.add(cmd);
        if (failing.containsKey(cmd)) {
            return new LvmResult(5, "", "  WARNING: noise\n  " + failing.get(cmd) + "\n");
        }
        if (args.get(0).equals("pvs")) {
            String vg = args.get(args.size() - 1).substring("vg_name=".length());
            StringBuilder out = new StringBuilder();
            pvs.getOrDefault(vg, List.of()).forEach(pv -> out.append("  ").append(pv).append(' ').append(vg).append('\n'));
            return new LvmResult(0, out.toString(), "");
        }
        if (cmd.startsWith("vgchange -ay ")) {
            active.add(args.get(2));
        } else if (cmd.startsWith("vgchange -an ")) {
            active.remove(args.get(2));
        }
        return new LvmResult(0, "", "");
    });

    /** A target with one disk, /dev/loop-SUFFIX, that records its attach and detach. */
    final class Disk implements AttachedTarget {
        final StoredTarget stored;

        Disk(StoredTarget stored) {
            this.stored = stored;
            log.add("attach " + DaemonTest.suffix(stored));
        }

        @Override
        public StoredTarget stored() {
            return stored;
        }

        @Override
        public List<Path> devices() {
            return List.of(Path.of("/dev/loop-" + DaemonTest.suffix(stored)));
        }

        @Override
        public List<MultipathDevice> units() {
            return List.of();
        }

        @Override
        public List<String> uses() {
            List<String> uses = new java.util.ArrayList<>(usesOf.getOrDefault(DaemonTest.suffix(stored), List.of()));
            String disk = devices().get(0).toString();
            active.stream().filter(vg -> pvs.getOrDefault(vg, List.of()).contains(disk))
                    .forEach(vg -> uses.add(disk + " is held by an LV of " + vg));
            return uses;
        }

        @Override
        public List<String> detach(boolean force) {
            log.add((force ? "force-detach " : "detach ") + DaemonTest.suffix(stored));
            return List.of("detached");
        }
    }

    static StoredTarget target(String suffix, String vgs) {
        return ReloadPlanTest.target(suffix, "all").withVolumeGroups(VolumeGroups.parse(vgs));
    }

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    private Daemon start(AtomicReference<List<StoredTarget>> store) {
        Daemon d = new Daemon(store::get, Disk::new, SdNotify.fromEnvironment(Map.of(), 1), Duration.ofSeconds(30), lvm);
        thread.submit(d::run);
        Await.until("state READY", () -> d.state() == Daemon.State.READY);
        return d;
    }

    @Test
    void configuredGroupsAreActivatedAfterAttachAForeignPvIsRefusedAndStopDeactivatesBeforeDetach() throws Exception {
        pvs.put("datavg", List.of("/dev/loop-a"));
        pvs.put("spanvg", List.of("/dev/loop-a", "/dev/sdz"));
        pvs.put("logvg", List.of("/dev/loop-a"));
        StoredTarget a = target("a", "datavg,spanvg,gonevg,logvg");
        Daemon d = new Daemon(() -> List.of(a), Disk::new, SdNotify.fromEnvironment(Map.of(), 1),
                Duration.ofSeconds(30), lvm);
        Future<Integer> run = thread.submit(d::run);
        Await.until("state READY", () -> d.state() == Daemon.State.READY);
        assertEquals(List.of("attach a",
                "pvs --noheadings -o pv_name,vg_name --select vg_name=datavg", "vgchange -ay datavg",
                "pvs --noheadings -o pv_name,vg_name --select vg_name=spanvg",
                "pvs --noheadings -o pv_name,vg_name --select vg_name=gonevg",
                "pvs --noheadings -o pv_name,vg_name --select vg_name=logvg", "vgchange -ay logvg"), log,
                "after the attach, in store order; no vgchange for the refused ones");
        assertEquals(List.of("vg datavg activated",
                "vg spanvg refused: physical volume /dev/sdz is not a lunbridge disk of " + a.name()
                        + " (its disks: /dev/loop-a); a volume group must not span non-iSCSI devices; not activated,"
                        + " the disks stay attached",
                "vg gonevg refused: no physical volume of volume group gonevg is visible (not on the disks of "
                        + a.name() + ", or lvm's filter hides them); not activated, the disks stay attached",
                "vg logvg activated"), d.volumeGroupLines(a.name()));
        assertEquals(List.of("a"), d.targets().stream().map(t -> DaemonTest.suffix(t.stored())).toList(),
                "the disks stay attached");
        ControlReply status = DaemonVerbs.of(d).get("status").apply(new ControlRequest("status", List.of()));
        assertTrue(status.data().contains("vg spanvg refused: physical volume /dev/sdz is not a lunbridge disk of "
                + a.name() + " (its disks: /dev/loop-a); a volume group must not span non-iSCSI devices; not activated,"
                + " the disks stay attached"), status.data().toString());
        ControlReply json = DaemonVerbs.of(d).get("status").apply(new ControlRequest("status", List.of("json")));
        String entry = String.join("", json.data());
        assertTrue(entry.contains("\"volumeGroups\":[{\"name\":\"datavg\",\"state\":\"ACTIVE\",\"reason\":null},"
                + "{\"name\":\"spanvg\",\"state\":\"REFUSED\",\"reason\":\"physical volume /dev/sdz is not a lunbridge disk of "
                + a.name() + " (its disks: /dev/loop-a)"), "status json carries the VG states: " + entry);
        assertTrue(entry.contains("{\"name\":\"logvg\",\"state\":\"ACTIVE\",\"reason\":null}]"), entry);

        log.clear();
        d.signal("SIGTERM");
        assertEquals(0, run.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("vgchange -an logvg", "vgchange -an datavg", "detach a"), log,
                "only what it activated, in reverse, before the detach");
    }

    @Test
    void aFailedActivationIsShownAndStillDeactivatedAtStop() throws Exception {
        pvs.put("datavg", List.of("/dev/loop-a"));
        failing.put("vgchange -ay datavg", "/dev/mapper/control: open failed: No such device");
        Daemon d = start(new AtomicReference<>(List.of(target("a", "datavg"))));
        assertEquals(List.of("vg datavg activation failed: vgchange -ay datavg: exit 5: /dev/mapper/control: open"
                + " failed: No such device"), d.volumeGroupLines(target("a", "").name()));
        log.clear();
        d.signal("SIGTERM");
        Await.until("stopped", () -> d.state() == Daemon.State.STOPPED);
        assertEquals(List.of("vgchange -an datavg", "detach a"), log, "some LVs may have come up: deactivated too");
    }

    @Test
    void aStopWaitsWhileAnLvIsMountedAndDetachesOnceTheVolumeGroupCouldBeDeactivated() throws Exception {
        pvs.put("datavg", List.of("/dev/loop-a"));
        Daemon d = start(new AtomicReference<>(List.of(target("a", "datavg"))));
        failing.put("vgchange -an datavg", "Logical volume datavg/lv in use.");
        usesOf.put("a", List.of("/dev/loop-a is held by /dev/dm-0 (/dev/mapper/datavg-lv)"));
        log.clear();
        d.signal("SIGTERM");
        Await.until("two deactivation attempts", () -> log.stream().filter("vgchange -an datavg"::equals).count() >= 2);
        assertTrue(log.stream().noneMatch(l -> l.contains("detach")), "the LV still holds the disk: " + log);
        failing.remove("vgchange -an datavg");
        usesOf.remove("a");
        Await.until("stopped", () -> d.state() == Daemon.State.STOPPED);
        assertEquals("detach a", log.get(log.size() - 1));
        assertEquals("vgchange -an datavg", log.get(log.size() - 2), "deactivated, then detached: " + log);
    }

    @Test
    void aReloadDeactivatesBeforeItDetachesAChangedTargetAndActivatesAfterItAttachesAgain() throws Exception {
        pvs.put("datavg", List.of("/dev/loop-a"));
        pvs.put("logvg", List.of("/dev/loop-a"));
        AtomicReference<List<StoredTarget>> store = new AtomicReference<>(List.of(target("a", "datavg"),
                target("b", "")));
        Daemon d = start(store);
        log.clear();
        store.set(List.of(target("a", "datavg,logvg"), target("b", "")));
        d.signal("SIGHUP");
        Await.until("reloaded", () -> log.contains("vgchange -ay logvg") && d.state() == Daemon.State.READY);
        assertEquals(List.of("vgchange -an datavg", "detach a", "attach a",
                "pvs --noheadings -o pv_name,vg_name --select vg_name=datavg", "vgchange -ay datavg",
                "pvs --noheadings -o pv_name,vg_name --select vg_name=logvg", "vgchange -ay logvg"), log,
                "b untouched; a's volume groups down before its detach, up after its attach");
        d.signal("SIGTERM");
        Await.until("stopped", () -> d.state() == Daemon.State.STOPPED);
        assertTrue(Set.copyOf(log).containsAll(List.of("vgchange -an logvg", "detach b")), log.toString());
    }

    @Test
    void aLogoutDeactivatesTheVolumeGroupsItsDisksCarryBeforeItChecksForUsesAndKeepsThemActiveWhenRefused()
            throws Exception {
        pvs.put("datavg", List.of("/dev/loop-a"));
        StoredTarget a = target("a", "datavg");
        Daemon d = start(new AtomicReference<>(List.of(a)));
        assertEquals(List.of("vg datavg activated"), d.volumeGroupLines(a.name()));
        var verbs = DaemonVerbs.of(d);

        // an LV mounted: vgchange -an fails, the logout is refused naming the holder, the VG stays active
        failing.put("vgchange -an datavg", "Logical volume datavg/lv in use.");
        log.clear();
        ControlReply refused = verbs.get("logout").apply(ControlRequest.parse("logout " + a.name().value()));
        assertEquals(ControlReply.Status.REFUSED, refused.status(), refused.toString());
        assertTrue(refused.message().contains("/dev/loop-a is held by an LV of datavg"), refused.message());
        assertTrue(log.stream().noneMatch(l -> l.contains("detach")), log.toString());
        assertEquals(List.of("vg datavg activated"), d.volumeGroupLines(a.name()), "still active, still the daemon's");

        // nothing mounted on the LVs: the daemon's own activation must not make the logout refuse
        failing.clear();
        log.clear();
        ControlReply done = verbs.get("logout").apply(ControlRequest.parse("logout " + a.name().value()));
        assertEquals(ControlReply.Status.OK, done.status(), done.toString());
        assertEquals(List.of("vgchange -an datavg", "detach a"), log, "deactivated, then detached");
        assertEquals(List.of(), d.targets());
    }
}
