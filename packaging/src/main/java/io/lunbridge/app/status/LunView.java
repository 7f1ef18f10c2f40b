package io.lunbridge.app.status;

import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.mpio.DeviceStatus;
import java.util.List;

/**
 * One LUN as {@code lunbridge status} shows it: the multipath device, the local block device it is
 * attached as (when attached), the LVM physical volumes on it, what is mounted on it (the device, a
 * partition or an LV over it) and every use (mounted, held, open), and its flags.
 *
 * @param status the multipath device (identity, size, state, countdown, paths)
 * @param device the local block device, e.g. /dev/loop3 or /dev/nbd0, or null when only served
 * @param file the FUSE file the loop device is bound to, or null
 * @param volumes the physical volumes on the device (or its partitions) and their volume groups
 * @param mounts the mounts on the device, its partitions and holders
 * @param uses every use, one sentence each (see {@link io.lunbridge.app.lifecycle.DeviceUsage})
 * @param flags remarks such as "needs fsck" ({@link StatusFlags})
 */
public record LunView(DeviceStatus status, String device, String file, List<VolumeGroups.PhysicalVolume> volumes,
                      List<MountTable.Mount> mounts, List<String> uses, List<StatusFlag> flags) {
    public LunView {
        volumes = List.copyOf(volumes);
        mounts = List.copyOf(mounts);
        uses = List.copyOf(uses);
        flags = List.copyOf(flags);
    }

    /** A device that is served, not attached locally. */
    public static LunView served(DeviceStatus status) {
        return new LunView(status, null, null, List.of(), List.of(), List.of(), List.of());
    }
}
