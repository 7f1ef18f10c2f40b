package io.lunbridge.app.daemon;

import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.app.status.LunView;
import io.lunbridge.app.status.StatusFlags;
import io.lunbridge.app.status.TargetView;
import io.lunbridge.app.status.VolumeGroups;
import io.lunbridge.mpio.DeviceStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gathers what {@code status} shows of each daemon target: per LUN the multipath device (identity,
 * size, state with the replacement countdown, paths), the local device and its FUSE file, the LVM
 * physical volumes on it, its mounts and uses ({@link DeviceUsage}) and the flags of
 * {@link StatusFlags} (the place for "needs fsck"). The sources are parameters so that tests use a
 * fake /sys and /proc tree, a mountinfo text and a pvs listing.
 */
public final class DaemonStatus {
    private final DeviceUsage usage;
    private final Supplier<MountTable> mounts;
    private final Supplier<VolumeGroups> volumes;
    private final StatusFlags flags;

    public DaemonStatus(DeviceUsage usage, Supplier<MountTable> mounts, Supplier<VolumeGroups> volumes, StatusFlags flags) {
        this.usage = usage;
        this.mounts = mounts;
        this.volumes = volumes;
        this.flags = flags;
    }

    /** The running system: /sys, /proc, {@code pvs}, and {@code flags}. */
    public static DaemonStatus system(StatusFlags flags) {
        return new DaemonStatus(DeviceUsage.system(), () -> {
            try {
                return MountTable.read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(MountTable.PROC_MOUNTINFO + ": " + e.getMessage(), e);
            }
        }, VolumeGroups::read, flags);
    }

    /**
     * One view per target, in attach order; {@code origin} tells each target's origin ("store",
     * "request" or "unstored", see {@link TargetView}); {@code problems} receives what could not be
     * read (e.g. no lvm2).
     */
    public List<TargetView> views(long pid, List<AttachedTarget> targets,
            java.util.function.Function<AttachedTarget, String> origin, List<String> problems) throws Exception {
        if (targets.isEmpty()) {
            return List.of();
        }
        MountTable table = mounts.get();
        VolumeGroups pvs = volumes.get();
        pvs.problem().ifPresent(problems::add);
        List<TargetView> out = new ArrayList<>();
        for (AttachedTarget t : targets) {
            List<DeviceStatus> s = t.snapshot();
            List<Path> devices = t.devices();
            List<String> labels = t.lunLabels();
            String target = t.stored().name().value();
            List<LunView> luns = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                Path dev = i < devices.size() ? devices.get(i) : null;
                String lun = i < labels.size() ? labels.get(i) : null;
                luns.add(lun(target, lun, s.get(i), dev, dev == null ? null : t.file(dev).orElse(null), table, pvs));
            }
            out.add(new TargetView(pid, "daemon", t.stored().name().value(), t.stored().startup().toString(),
                    origin.apply(t), luns));
        }
        return out;
    }

    private LunView lun(String target, String lun, DeviceStatus d, Path dev, Path file, MountTable table,
                        VolumeGroups pvs) {
        if (dev == null) {
            return new LunView(d, null, null, List.of(), List.of(), List.of(), flags.of(target, lun, d, null));
        }
        List<String> uses;
        List<MountTable.Mount> mounted;
        try {
            uses = usage.users(dev, table);
            mounted = usage.mounts(dev, table);
        } catch (IOException | RuntimeException e) {
            uses = List.of("cannot tell whether " + dev + " is in use: " + e.getMessage());
            mounted = List.of();
        }
        return new LunView(d, dev.toString(), file == null ? null : file.toString(), pvs.on(dev.toString()), mounted,
                uses, flags.of(target, lun, d, dev.toString()));
    }
}
