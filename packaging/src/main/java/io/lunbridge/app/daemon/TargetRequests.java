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
 *       CHAP are found by the daemon's discovery policy, as at start); refused when already attached;
 *       attached like a start-time automatic target, the store unchanged. With a LUN ({@code attach
 *       IQN LUN}) only that LUN. A target so attached is not touched by reloads.</li>
 *   <li>logout: refused while a device of the target (or a partition, or an LV over it) is mounted or
 *       held open, naming the mount point or holder; {@code force} fences queued I/O with EIO at once
 *       and detaches anyway. Then the session is logged out. An automatic target logged out comes
 *       back at the next reload.</li>
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
        if (r instanceof DaemonRequest.Logout l) {
            return logout(l);
        }
        throw new IllegalArgumentException("not a login or logout request: " + r);
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
        if (stored.isEmpty()) {
            return ControlReply.refused("target " + r.target() + " is not in the daemon's store: add it first "
                    + "('lunbridge target add " + r.target() + " --portal HOST' or 'lunbridge discover --add')");
        }
        StoredTarget t = stored.get();
        if (r.lun().isPresent()) {
            t = new StoredTarget(t.name(), t.alias(), t.boot(), t.volumeGroups(), t.nbdIndex(), t.exportName(), t.portals(),
                    t.chap(), t.startup().withLuns(new LunAllowList(Optional.of(new TreeSet<>(List.of(r.lun().get()))))));
        }
        boolean requested = t.startup().startup() != Startup.AUTOMATIC || r.lun().isPresent();
        try {
            AttachedTarget a = daemon.attachNow(t, requested);
            return ControlReply.ok("target " + r.target() + " logged in: " + devices(a));
        } catch (Exception e) {
            return ControlReply.error(r.verb() + " " + r.target() + " failed: " + e.getMessage());
        }
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

    private static String devices(AttachedTarget t) {
        List<String> d = t.devices().stream().map(Path::toString).toList();
        return d.isEmpty() ? "no device" : String.join(", ", d);
    }
}
