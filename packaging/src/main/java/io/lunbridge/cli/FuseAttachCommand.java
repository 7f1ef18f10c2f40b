package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.TargetLuns;
import io.lunbridge.bridge.fuse.FuseFile;
import io.lunbridge.bridge.fuse.FuseLoopAttachment;
import io.lunbridge.bridge.fuse.FuseServerConfig;
import io.lunbridge.bridge.fuse.LoopDevice;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.scsi.Lun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge attach-fuse}: logs in and makes every disk LUN a local block device without the
 * nbd driver: one file per LUN ({@code lunN}) in a FUSE mount served by this process, each attached
 * to a loop device with direct I/O. Runs in the foreground until SIGTERM/SIGINT, then detaches the
 * loop devices, unmounts and logs out. (To be folded into {@code attach --mode fuse-loop}.)
 */
@Command(name = "attach-fuse", mixinStandardHelpOptions = true,
        description = "Attach every LUN of a target as /dev/loopN through FUSE (no nbd driver needed) until stopped.")
final class FuseAttachCommand implements Callable<Integer> {
    @Option(names = "--portal", required = true, paramLabel = "HOST[:PORT]", description = "Portal of the target")
    String portal;

    @Option(names = "--target", required = true, paramLabel = "IQN", description = "Target name")
    String target;

    @Option(names = "--lun", paramLabel = "N", description = "Attach only this LUN")
    Integer lun;

    @Option(names = "--mount-dir", paramLabel = "DIR", defaultValue = "/run/lunbridge/fuse",
            description = "Where the FUSE filesystem with the LUN files is mounted (created if missing; default ${DEFAULT-VALUE})")
    Path mountDir;

    @Mixin
    InitiatorOptions options;

    @Spec
    CommandSpec spec;

    /** The file name of a LUN in the FUSE mount. */
    static String fileName(Lun lun) {
        return "lun" + (lun.hasNumber() ? Integer.toString(lun.number()) : lun.rawHex());
    }

    @Override
    public Integer call() throws Exception {
        PortalAddress p = PortalAddress.parse(portal);
        String targetName = io.lunbridge.protocol.naming.IscsiName.parse(target).value();
        Files.createDirectories(mountDir);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lunbridge-attach-fuse-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Initiator initiator = new Initiator(options.settings());
             TargetLuns luns = TargetLuns.open(initiator, p.host(), p.port(), targetName, options.chap(),
                     Optional.ofNullable(lun))) {
            List<FuseFile> files = new ArrayList<>();
            for (LogicalUnit u : luns.units()) {
                files.add(new FuseFile(fileName(u.info().lun()), u));
            }
            try (FuseLoopAttachment attachment = FuseLoopAttachment.attach(mountDir, files, FuseServerConfig.DEFAULT)) {
                PrintWriter out = spec.commandLine().getOut();
                for (Map.Entry<String, LoopDevice> e : attachment.loopDevices().entrySet()) {
                    out.println(e.getKey() + " " + e.getValue().device() + " (" + attachment.server().file(e.getKey()) + ")");
                }
                out.flush();
                stopped.await();
            }
        } finally {
            done.countDown();
        }
        return 0;
    }
}
