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
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.scsi.Lun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The FUSE + loop form of {@code lunbridge attach}: logs in and makes every disk LUN a local block device without the
 * nbd driver: one file per LUN ({@code lunN}) in a FUSE mount served by this process, each attached
 * to a loop device with direct I/O. Runs in the foreground until {@code lunbridge detach} or a signal
 * (see {@link io.lunbridge.app.lifecycle.AttachLifecycle}), then detaches the loop devices, unmounts
 * and logs out. The mount directory is created only once the LUNs are known, and removed again if
 * this process created it. (This is {@code attach --mode fuse-loop}, and what {@code attach} does
 * when the nbd driver is absent.)
 */
final class FuseAttachCommand {
    private static final Logger LOG = LogManager.getLogger(FuseAttachCommand.class);

    private FuseAttachCommand() {
    }

    /** The file name of a LUN in the FUSE mount. */
    static String fileName(Lun lun) {
        return "lun" + (lun.hasNumber() ? Integer.toString(lun.number()) : lun.rawHex());
    }

    /** Attaches and serves until detached or signalled; returns the exit status. */
    static int run(InitiatorOptions options, PathOptions paths, List<String> portals, String targetName, Integer lun,
                   Path mountDir, PrintWriter out, StopSignals signals) throws Exception {
        Path dir = mountDir.toAbsolutePath().normalize();
        boolean created = false;
        try (AttachSupervisor supervisor = AttachSupervisor.beforeLogin(targetName, "fuse-loop", dir, lun, out, paths.control)) {
            try (Initiator initiator = new Initiator(options.settings());
                 TargetLuns luns = TargetAddressing.openLuns(options, paths, initiator, portals, targetName,
                         Optional.ofNullable(lun))) {
                supervisor.claim(luns.units());
                for (String line : new StaleState(DeviceUsage.system()).cleanMountDir(dir)) {
                    out.println(line);
                }
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir);
                    created = true;
                }
                List<FuseFile> files = new ArrayList<>();
                List<FencedDevice> fenced = new ArrayList<>();
                for (MultipathDevice u : luns.units()) {
                    FencedDevice f = new FencedDevice(supervisor.metered(TargetLuns.exportName(targetName, u.info().lun()), u));
                    fenced.add(f);
                    files.add(new FuseFile(fileName(u.info().lun()), f));
                }
                try (FuseLoopAttachment attachment = FuseLoopAttachment.attach(dir, files, FuseServerConfig.DEFAULT)) {
                    FuseRequestTimeout timeout = FuseRequestTimeout.of(Host.running(() -> false));
                    if (timeout.effective().isPresent()) {
                        LOG.warn("{} ({})", timeout.consequence(), FuseRequestTimeout.fix());
                    }
                    List<LocalDisk> disks = new ArrayList<>();
                    int i = 0;
                    for (Map.Entry<String, LoopDevice> e : attachment.loopDevices().entrySet()) {
                        Path file = attachment.server().file(e.getKey());
                        out.println(e.getKey() + " " + e.getValue().device() + " (" + file + ")");
                        supervisor.attached(luns.units().get(i).info().lun(), e.getValue().device(), file);
                        disks.add(new LoopDisk(e.getValue(), fenced.get(i)));
                        i++;
                    }
                    out.flush();
                    return supervisor.serve(disks, signals, luns);
                }
            }
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
