package io.lunbridge.app.daemon;

import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.mpio.MultipathDevice;
import java.nio.file.Path;
import java.util.List;

/** One target the daemon is logged in to, with its allowed LUNs attached as local block devices. */
public interface AttachedTarget {
    /** The store's record it was attached from (a reload compares it with the store's current one). */
    StoredTarget stored();

    /** The block devices, e.g. /dev/loop3, in LUN order. */
    List<Path> devices();

    /** The FUSE file loop device {@code device} is bound to, when it is a loop device on one. */
    default java.util.Optional<Path> file(Path device) {
        return java.util.Optional.empty();
    }

    /** The multipath devices behind them (status, queueing count), in the order of {@link #devices()}. */
    List<MultipathDevice> units();

    /** The LUNs of {@link #units()} as the store's flags and the attachment records name them ("1"), in the same order. */
    default List<String> lunLabels() {
        return units().stream().map(u -> io.lunbridge.app.fsck.Affected.lunLabel(u.info().lun())).toList();
    }

    /** The status of {@link #units()} now, in the same order (waits for each device's loop, at most 5 s each). */
    default List<io.lunbridge.mpio.DeviceStatus> snapshot() throws Exception {
        return io.lunbridge.app.status.MultipathVerbs.snapshot(units());
    }

    /** Who uses its devices, one sentence per use (mounted, held open); empty when unused. */
    List<String> uses();

    /** The LUN numbers of {@link #devices()}, in the same order. */
    default List<Integer> luns() {
        return units().stream().map(u -> u.info().lun().hasNumber() ? u.info().lun().number() : -1).toList();
    }

    /** Who uses {@code device} (one of {@link #devices()}), one sentence per use; empty when unused. */
    default List<String> uses(Path device) {
        return uses().stream().filter(u -> u.startsWith(device + " ")).toList();
    }

    /**
     * Detaches the device of one LUN ({@code force}: fenced first, detached even if in use) and
     * releases its claim, keeping the session and the other LUNs; afterwards {@link #devices()},
     * {@link #units()} and {@link #luns()} no longer list it. The caller never detaches the last LUN
     * this way (it logs the target out instead).
     *
     * @return one sentence per step for the log
     */
    default List<String> detachLun(int lun, boolean force) {
        throw new UnsupportedOperationException("target " + stored().name() + " cannot detach one LUN");
    }

    /**
     * Detaches the devices ({@code force}: fenced first, so queued I/O fails with EIO, and detached
     * even if in use) and logs out.
     *
     * @return one sentence per step for the log
     */
    List<String> detach(boolean force);

    /**
     * Whether a stop may leave its devices configured in the kernel for the next daemon instead of
     * waiting for them to be unused (kernel nbd over netlink; a FUSE + loop disk dies with its server).
     */
    default boolean canHandOver() {
        return false;
    }

    /**
     * Hands its devices over to the next daemon: they stay configured in the kernel (same /dev/nbdN,
     * mounts untouched, new I/O waiting in the driver for the dead-connection timeout) while the
     * session is logged out and the claims released.
     *
     * @return one sentence per step for the log
     * @throws UnsupportedOperationException unless {@link #canHandOver()}
     */
    default List<String> handOver() {
        throw new UnsupportedOperationException("target " + stored().name() + " cannot be handed over");
    }
}
