package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.bridge.fuse.FuseFile;
import io.lunbridge.bridge.fuse.FuseLoopAttachment;
import io.lunbridge.bridge.fuse.FuseServerConfig;
import io.lunbridge.bridge.fuse.LoopDevice;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.scsi.Lun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FUSE + loop form of {@code lunbridge attach}: logs in and makes every disk LUN a local block device without the
 * nbd driver: one file per LUN ({@code lunN}) in a FUSE mount served by this process, each attached
 * to a loop device with direct I/O. Runs in the foreground until SIGTERM/SIGINT, then detaches the
 * loop devices, unmounts and logs out. (This is {@code attach --mode fuse-loop}, and what {@code attach} does when the nbd driver is absent.)
 */
final class FuseAttachCommand {
    private FuseAttachCommand() {
    }

    /** The file name of a LUN in the FUSE mount. */
    static String fileName(Lun lun) {
        return "lun" + (lun.hasNumber() ? Integer.toString(lun.number()) : lun.rawHex());
    }

    /** Attaches and serves until SIGTERM/SIGINT; returns the exit status. */
    static int run(InitiatorOptions options, PathOptions paths, List<String> portals, String targetName, Integer lun,
                   Path mountDir, PrintWriter out) throws Exception {
        Files.createDirectories(mountDir);
        try (ShutdownGate gate = new ShutdownGate("lunbridge-attach-fuse");
             Initiator initiator = new Initiator(options.settings());
             TargetLuns luns = TargetAddressing.openLuns(options, paths, initiator, portals, targetName, Optional.ofNullable(lun));
             io.lunbridge.app.status.ControlServer control = paths.control("attach", luns)) {
            List<FuseFile> files = new ArrayList<>();
            for (MultipathDevice u : luns.units()) {
                files.add(new FuseFile(fileName(u.info().lun()), u));
            }
            try (FuseLoopAttachment attachment = FuseLoopAttachment.attach(mountDir, files, FuseServerConfig.DEFAULT)) {
                for (Map.Entry<String, LoopDevice> e : attachment.loopDevices().entrySet()) {
                    out.println(e.getKey() + " " + e.getValue().device() + " (" + attachment.server().file(e.getKey()) + ")");
                }
                out.flush();
                gate.stopRequested().join();
            }
        }
        return 0;
    }
}
