package io.lunbridge.app.daemon;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.store.LunAllowList;
import io.lunbridge.app.store.Startup;
import io.lunbridge.app.store.StoredTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the daemon does for {@code login}/{@code attach} and {@code logout}/{@code detach}, on its
 * main thread ({@link Daemon#submit}):
 * <ul>
 *   <li>login: the target must be in the store (its record gives the LUN allow-list; its portals and
 *       CHAP are found by the daemon's discovery policy, as at start), unless a portal is given
 *       ({@link PortalLogin}: that portal and its CHAP; a target not in the store then gets a record
 *       of its own, manual, every LUN, never written); refused when already attached;
 *       attached like a start-time automatic target, the store unchanged. With a LUN ({@code attach
 *       IQN LUN}) only that LUN. A target so attached is not touched by reloads.</li>
 *   <li>logout: refused while a device of the target (or a partition, or an LV over it) is mounted or
 *       held open, naming the mount point or holder; {@code force} fences queued I/O with EIO at once
 *       and detaches anyway. Then the session is logged out. An automatic target logged out comes
 *       back at the next reload.</li>
 *   <li>detach of one LUN: refused while its device (or a partition, or an LV over it) is mounted or
 *       held open, naming the use ({@code force}: fenced and detached anyway), and refused when a
 *       volume group configured for the target has a PV on it (naming VG and PV: deactivate it or
 *       detach the whole target). The session and the other LUNs stay. The target's last LUN is a
 *       logout, and the reply says so. The LUN stays detached until the target is attached again (a
 *       logout and login, a reload that changes its record, the next daemon start): the target's
 *       record is unchanged, so a reload that does not change it leaves it as it is.</li>
 * </ul>
 */
final class TargetRequests {
    private final Daemon daemon;

    TargetRequests(Daemon daemon) {
        this.daemon = daemon;
    }

    ControlReply carryOut(DaemonRequest r) {
        if (r instanceof DaemonRequest.Login l) {
            return login(l);
        }
        if (r instanceof DaemonRequest.DetachLun d) {
            return detachLun(d);
        }
        if (r instanceof DaemonRequest.Logout l) {
            return logout(l);
        }
        throw new IllegalArgumentException("not a login, logout or detach request: " + r);
    }

    private ControlReply login(DaemonRequest.Login r) {
        Optional<AttachedTarget> now = daemon.target(r.target());
        if (now.isPresent()) {
            return ControlReply.refused("target " + r.target() + " is already logged in by the daemon (" + devices(now.get())
                    + "); log out first to attach it again");
        }
        Optional<StoredTarget> stored;
        try {
            stored = daemon.stored(r.target());
        } catch (RuntimeException e) {
            return ControlReply.error("cannot read target " + r.target() + " from the store: " + e.getMessage());
        }
        if (stored.isEmpty() && r.portal().isEmpty()) {
            return ControlReply.refused("target " + r.target() + " is not in the daemon's store: add it first "
                    + "('lunbridge target add " + r.target() + " --portal HOST' or 'lunbridge discover --add'), or log in "
                    + "through its portal without storing it ('lunbridge login " + r.target() + " --portal HOST[:PORT]')");
        }
        StoredTarget t = stored.orElseGet(() -> unstored(r));
        if (r.lun().isPresent()) {
            t = new StoredTarget(t.name(), t.alias(), t.boot(), t.volumeGroups(), t.nbdIndex(), t.exportName(), t.portals(),
                    t.chap(), t.startup().withLuns(new LunAllowList(Optional.of(new TreeSet<>(List.of(r.lun().get()))))));
        }
        boolean requested = t.startup().startup() != Startup.AUTOMATIC || r.lun().isPresent() || r.portal().isPresent();
        try {
            AttachedTarget a = daemon.attachNow(t, requested, r.portal(), stored.isPresent());
            return ControlReply.ok("target " + r.target() + " logged in" + r.portal().map(p -> " through " + p.text()
                    + (stored.isPresent() ? "" : " (not in the store: not logged in again at boot, reloads leave it alone)"))
                    .orElse("") + ": " + devices(a));
        } catch (Exception e) {
            return ControlReply.error(r.verb() + " " + r.target() + " failed: " + e.getMessage());
        }
    }

    /**
     * The record a target logged in to through a given portal and not in the store gets: that portal,
     * startup=manual, every disk LUN, no volume group; never written to the store.
     */
    private static StoredTarget unstored(DaemonRequest.Login r) {
        io.lunbridge.app.PortalAddress p = r.portal().get().portal();
        return new StoredTarget(r.target(), Optional.empty(), false, io.lunbridge.app.store.VolumeGroups.NONE,
                java.util.OptionalInt.empty(), Optional.empty(), List.of(io.lunbridge.app.store.StoredPortal.of(p.host(),
                p.port())), Optional.empty());
    }

    private ControlReply logout(DaemonRequest.Logout r) {
        Optional<AttachedTarget> found = daemon.target(r.target());
        if (found.isEmpty()) {
            List<String> names = daemon.targets().stream().map(t -> t.stored().name().value()).toList();
            return ControlReply.refused("target " + r.target() + " is not logged in by the daemon ("
                    + (names.isEmpty() ? "no target is" : "logged in: " + String.join(", ", names)) + ")");
        }
        AttachedTarget t = found.get();
        Optional<String> fsck = daemon.fscks().running(r.target());
        if (fsck.isPresent()) {
            // also with force: pulling the disk from under a repair corrupts what it is repairing
            return ControlReply.refused("not logging out of " + r.target() + ": " + fsck.get()
                    + "; wait for it to finish");
        }
        if (!r.force()) {
            // the VGs the daemon activated hold the disks (device-mapper): deactivated first, as a stop
            // or reload does, so that only a real use (an LV mounted, a device open) refuses
            daemon.releaseVolumeGroups(t);
            List<String> uses = t.uses();
            if (!uses.isEmpty()) {
                daemon.reactivateVolumeGroups(t);
                return ControlReply.refused("not logging out of " + r.target() + ": " + String.join("; ", uses)
                        + "; unmount or close it first, or use --force (fails its I/O with EIO)");
            }
        }
        List<String> lines = daemon.detachNow(t, r.force());
        return ControlReply.ok(String.join("; ", lines));
    }

    private ControlReply detachLun(DaemonRequest.DetachLun r) {
        Optional<AttachedTarget> found = daemon.target(r.target());
        if (found.isEmpty()) {
            return ControlReply.refused("target " + r.target() + " is not logged in by the daemon");
        }
        AttachedTarget t = found.get();
        List<Integer> luns = t.luns();
        int i = luns.indexOf(r.lun());
        if (i < 0) {
            return ControlReply.refused("LUN " + r.lun() + " of " + r.target() + " is not attached by the daemon "
                    + "(attached: " + (luns.isEmpty() ? "none" : luns.stream().map(n -> "LUN " + n + " "
                    + t.devices().get(luns.indexOf(n))).reduce((a, b) -> a + ", " + b).get()) + ")");
        }
        Path device = t.devices().get(i);
        Optional<String> fsck = daemon.fscks().running(r.target());
        if (fsck.isPresent()) {
            // a check claims the whole target: also with force, and also for a LUN it does not check
            return ControlReply.refused("not detaching " + device + " (LUN " + r.lun() + " of " + r.target() + "): "
                    + fsck.get() + "; wait for it to finish");
        }
        if (luns.size() == 1) {
            ControlReply whole = logout(new DaemonRequest.Logout("detach", r.target(), r.force()));
            return whole.status() != ControlReply.Status.OK ? whole : ControlReply.ok(device + " was the last LUN of "
                    + r.target() + ": the target is logged out (" + whole.message() + ")");
        }
        List<String> groups = daemon.volumeGroupsOn(t, device);
        if (!groups.isEmpty()) {
            return ControlReply.refused("not detaching LUN " + r.lun() + " (" + device + ") alone: volume group "
                    + String.join(", ", groups) + " is configured for " + r.target() + "; deactivate it first "
                    + "(vgchange -an) or detach the whole target (lunbridge detach --target " + r.target() + ")");
        }
        if (!r.force()) {
            List<String> uses = t.uses(device);
            if (!uses.isEmpty()) {
                return ControlReply.refused("not detaching " + device + " (LUN " + r.lun() + " of " + r.target() + "): "
                        + String.join("; ", uses) + "; unmount or close it first, or use --force (fails its I/O with EIO)");
            }
        }
        List<String> lines = daemon.detachLun(t, r.lun(), r.force());
        return ControlReply.ok(String.join("; ", lines) + "; " + r.target() + " stays logged in with "
                + devices(t));
    }

    private static String devices(AttachedTarget t) {
        List<String> d = t.devices().stream().map(Path::toString).toList();
        return d.isEmpty() ? "no device" : String.join(", ", d);
    }
}
