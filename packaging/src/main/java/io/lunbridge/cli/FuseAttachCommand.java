package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.scsi.Lun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
    private FuseAttachCommand() {
    }

    /** The file name of a LUN in the FUSE mount. */
    static String fileName(Lun lun) {
        return "lun" + (lun.hasNumber() ? Integer.toString(lun.number()) : lun.rawHex());
    }

    /** Attaches and serves until detached or signalled; returns the exit status. */
    static int run(InitiatorOptions options, PathOptions paths, List<String> portals, String targetName, Integer lun,
                   Path mountDir, PrintWriter out, StopSignals signals, Path store) throws Exception {
        Path dir = mountDir.toAbsolutePath().normalize();
        try (AttachSupervisor supervisor = AttachSupervisor.beforeLogin(targetName, "fuse-loop", dir, lun, out, paths.control,
                store);
             Initiator initiator = new Initiator(options.settings());
             TargetLuns luns = TargetAddressing.openLuns(options, paths, initiator, portals, targetName,
                     Optional.ofNullable(lun));
             FuseLoopLuns disks = FuseLoopLuns.attach(supervisor, luns.units(), dir, out)) {
            return supervisor.serve(disks.disks(), signals, luns);
        }
    }
}
