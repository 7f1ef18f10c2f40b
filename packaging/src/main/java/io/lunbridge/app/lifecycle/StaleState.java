package io.lunbridge.app.lifecycle;

import io.lunbridge.bridge.fuse.FuseServer;
import io.lunbridge.bridge.fuse.LoopDevice;
import io.lunbridge.bridge.kernel.AttachMode;
import io.lunbridge.bridge.kernel.KernelAttacher;
import io.lunbridge.bridge.kernel.NbdSysfs;
import io.lunbridge.bridge.kernel.Posix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a killed attach process leaves behind, found and cleaned: a loop device still bound to a
 * file of its (now dead) FUSE mount, the stale FUSE mount itself ("Transport endpoint is not
 * connected"), and an nbd device the kernel still holds for it. Nothing in use is touched: a loop
 * device with a mounted filesystem is reported, not released. Each step is one sentence in the
 * result, for the operator.
 */
public final class StaleState {
    /** The FUSE filesystem type lunbridge mounts. */
    public static final String FUSE_TYPE = "fuse.lunbridge";

    private final DeviceUsage usage;

    public StaleState(DeviceUsage usage) {
        this.usage = usage;
    }

    /** Cleans after the dead process of {@code record}, disconnecting its nbd device (the detach verb's cleanup). */
    public List<String> clean(AttachmentRecord record) throws IOException {
        return clean(record, false);
    }

    /**
     * Cleans after the dead process of {@code record}.
     *
     * @param keepForTakeover true when the caller is about to attach the same LUN: its nbd device, still
     *     configured with the LUN's backend identifier, is left for the caller to take over (same
     *     /dev/nbdN, its waiting I/O continues) instead of being disconnected
     */
    public List<String> clean(AttachmentRecord record, boolean keepForTakeover) throws IOException {
        List<String> done = new ArrayList<>();
        if (!record.mountDir().isEmpty()) {
            done.addAll(cleanMountDir(Path.of(record.mountDir())));
        } else if (record.device().startsWith("/dev/nbd")) {
            done.addAll(cleanNbd(record, keepForTakeover));
        }
        return done;
    }

    /**
     * Cleans a stale lunbridge FUSE mount at {@code mountDir} and the loop devices bound to its files.
     *
     * @throws IllegalStateException if a live lunbridge FUSE filesystem is mounted there
     */
    public List<String> cleanMountDir(Path mountDir) throws IOException {
        Path dir = mountDir.toAbsolutePath().normalize();
        List<String> done = new ArrayList<>();
        MountTable mounts = MountTable.read();
        Optional<MountTable.Mount> m = mounts.at(dir);
        boolean stale = m.isPresent() && m.get().fsType().equals(FUSE_TYPE) && FuseServer.isStale(dir);
        if (m.isPresent() && m.get().fsType().equals(FUSE_TYPE) && !stale) {
            throw new IllegalStateException(dir + " already holds the live FUSE mount of another lunbridge attach; "
                    + "choose another --mount-dir");
        }
        for (Path loop : LoopDevice.boundTo(f -> f.startsWith(dir))) {
            List<String> uses = usage.users(loop, mounts);
            if (uses.isEmpty()) {
                LoopDevice.release(loop);
                done.add("stale " + loop + " (bound to a file of the dead FUSE mount " + dir + ") released");
            } else {
                done.add("stale " + loop + " (bound to a file of the dead FUSE mount " + dir + ") NOT released: "
                        + String.join("; ", uses) + " (it fails with EIO; unmount it, then lunbridge detach " + loop + ")");
            }
        }
        if (stale) {
            FuseServer.detachStale(dir);
            done.add("stale FUSE mount " + dir + " (Transport endpoint is not connected) unmounted");
        }
        return done;
    }

    private List<String> cleanNbd(AttachmentRecord record, boolean keepForTakeover) throws IOException {
        String device = record.device();
        int index = NbdSysfs.parseDevice(device);
        NbdSysfs sysfs = NbdSysfs.system();
        if (!sysfs.inUse(index)) {
            return List.of();
        }
        Optional<String> backend = sysfs.backend(index);
        String mine = BackendIdentifier.of(record.target(), record.lun()).value();
        if (backend.isPresent() && !backend.get().equals(mine)) {
            return List.of("stale " + device + " left alone: it is now configured for " + backend.get() + ", not for "
                    + mine);
        }
        if (backend.isPresent() && keepForTakeover) {
            return List.of("stale " + device + " (" + mine + ") kept configured: this attach takes it over");
        }
        List<String> uses = usage.users(Path.of(device));
        if (!uses.isEmpty()) {
            return List.of("stale " + device + " NOT disconnected: " + String.join("; ", uses)
                    + " (its I/O waits out the kernel's dead-connection timeout, then fails with EIO; unmount or "
                    + "close it, then lunbridge detach " + device + "; with --force the waiting I/O fails at once)");
        }
        KernelAttacher.driver(AttachMode.AUTO, Posix.load(), sysfs).disconnect(index);
        return List.of("stale " + device + " (its server process is gone) disconnected");
    }
}
