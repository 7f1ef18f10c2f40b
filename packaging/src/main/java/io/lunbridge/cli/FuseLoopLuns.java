package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.doctor.FuseRequestTimeout;
import io.lunbridge.app.doctor.Host;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.FencedDevice;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.app.lifecycle.StaleState;
import io.lunbridge.bridge.fuse.FuseFile;
import io.lunbridge.bridge.fuse.FuseLoopAttachment;
import io.lunbridge.bridge.fuse.FuseServerConfig;
import io.lunbridge.bridge.fuse.LoopDevice;
import io.lunbridge.mpio.MultipathDevice;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logged-in LUNs made /dev/loopN without the nbd driver: claimed through the
 * {@link AttachSupervisor}, one file per LUN ({@code lunN}) in a FUSE mount at {@code dir} served by
 * this process, each on a direct-I/O loop device. The mount directory is created only once the
 * LUNs are claimed, and {@link #close()} (loop devices detached, unmounted) removes it again if it
 * was created here. Used by {@code attach --mode fuse-loop} and by the daemon for each target.
 */
final class FuseLoopLuns implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FuseLoopLuns.class);

    private final Path dir;
    private final boolean created;
    private final FuseLoopAttachment attachment;
    private final List<LocalDisk> disks;
    private final Map<Path, Path> files;

    private FuseLoopLuns(Path dir, boolean created, FuseLoopAttachment attachment, List<LocalDisk> disks,
                         Map<Path, Path> files) {
        this.dir = dir;
        this.created = created;
        this.attachment = attachment;
        this.disks = List.copyOf(disks);
        this.files = Map.copyOf(files);
    }

    /** Claims {@code units}, mounts their files at {@code mountDir} and attaches a loop device to each. */
    static FuseLoopLuns attach(AttachSupervisor supervisor, List<MultipathDevice> units, Path mountDir, PrintWriter out)
            throws IOException {
        Path dir = mountDir.toAbsolutePath().normalize();
        supervisor.claim(units);
        for (String line : new StaleState(DeviceUsage.system()).cleanMountDir(dir)) {
            out.println(line);
        }
        boolean created = false;
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            created = true;
        }
        try {
            List<FuseFile> files = new ArrayList<>();
            List<FencedDevice> fenced = new ArrayList<>();
            for (MultipathDevice u : units) {
                FencedDevice f = new FencedDevice(supervisor.metered(TargetLuns.exportName(supervisor.target(),
                        u.info().lun()), u));
                fenced.add(f);
                files.add(new FuseFile(FuseAttachCommand.fileName(u.info().lun()), f));
            }
            // on the devices' own loop (one per target): no thread hand-over per request
            FuseLoopAttachment attachment = FuseLoopAttachment.attach(dir, files, FuseServerConfig.DEFAULT,
                    commonLoop(units));
            FuseRequestTimeout timeout = FuseRequestTimeout.of(Host.running(() -> false));
            if (timeout.effective().isPresent()) {
                LOG.warn("{} ({})", timeout.consequence(), FuseRequestTimeout.fix());
            }
            try {
                List<LocalDisk> disks = new ArrayList<>();
                Map<Path, Path> byDevice = new java.util.HashMap<>();
                int i = 0;
                for (Map.Entry<String, LoopDevice> e : attachment.loopDevices().entrySet()) {
                    Path file = attachment.server().file(e.getKey());
                    out.println(e.getKey() + " " + e.getValue().device() + " (" + file + ")");
                    supervisor.attached(units.get(i).info().lun(), e.getValue().device(), file);
                    disks.add(new LoopDisk(e.getValue(), fenced.get(i)));
                    byDevice.put(e.getValue().device(), file);
                    i++;
                }
                out.flush();
                return new FuseLoopLuns(dir, created, attachment, disks, byDevice);
            } catch (IOException | RuntimeException e) {
                attachment.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            if (created) {
                removeEmpty(dir);
            }
            throw e;
        }
    }

    /** The event loop every unit runs on, or null when they differ (the server then runs its own). */
    static EventLoop commonLoop(List<MultipathDevice> units) {
        EventLoop loop = units.isEmpty() ? null : units.get(0).eventLoop();
        for (MultipathDevice u : units) {
            if (u.eventLoop() != loop) {
                return null;
            }
        }
        return loop;
    }

    /** The loop devices, in the order of the units. */
    List<LocalDisk> disks() {
        return disks;
    }

    /** The FUSE file loop device {@code device} is bound to, if it is one of these. */
    java.util.Optional<Path> file(Path device) {
        return java.util.Optional.ofNullable(files.get(device));
    }

    /** Detaches what is still attached, unmounts, and removes the mount directory if created here. */
    @Override
    public void close() {
        try {
            attachment.close();
        } finally {
            if (created) {
                removeEmpty(dir);
            }
        }
    }

    private static void removeEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // something else was put there: keep it
        } catch (IOException e) {
            // still mounted lazily after a forced stop: the kernel frees it later
        }
    }
}
