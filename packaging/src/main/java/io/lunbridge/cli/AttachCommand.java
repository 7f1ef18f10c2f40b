package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.lifecycle.FencedDevice;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.bridge.kernel.AttachMode;
import io.lunbridge.bridge.kernel.AttachedDevice;
import io.lunbridge.bridge.kernel.KernelAttacher;
import io.lunbridge.bridge.kernel.NbdSysfs;
import io.lunbridge.bridge.nbd.NbdExport;
import io.lunbridge.bridge.nbd.NbdServerConfig;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.lu.LunInfo;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge attach}: logs in to a target and turns each disk LUN into a kernel block device
 * /dev/nbdN (generic netlink, or the ioctl interface where netlink is missing), serving it in the
 * foreground. It ends on {@code lunbridge detach} (control socket) or SIGTERM / SIGINT, never while a
 * device is mounted or open (a second signal or {@code detach --force} fails its I/O and stops); see
 * {@link AttachSupervisor} and {@link io.lunbridge.app.lifecycle.AttachLifecycle}. Each LUN is attached
 * once per host.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach the LUNs of a target as kernel block devices /dev/nbdN; serve them until detached or stopped.")
final class AttachCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(AttachCommand.class);

    @Option(names = "--portal", paramLabel = "HOST[:PORT]",
            description = "Portal of the target, repeatable: each is a path (default: the portals found with "
                    + "discovery.policy, with their stored credentials)")
    List<String> portals = new ArrayList<>();

    @Mixin
    PathOptions paths;

    @Option(names = "--target", required = true, paramLabel = "IQN", description = "Target name")
    String target;

    @Option(names = "--lun", paramLabel = "N", converter = LunOption.class,
            description = "Attach only this LUN (default: every disk LUN)")
    Integer lun;

    @Option(names = "--device", paramLabel = "/dev/nbdN",
            description = "Use this device (one LUN only; default: a free one, chosen by the kernel for netlink)")
    String device;

    @Option(names = "--mode", paramLabel = "auto|netlink|ioctl|fuse-loop", defaultValue = "auto",
            description = "netlink (NBD_CMD_CONNECT), ioctl (NBD_SET_SOCK + NBD_DO_IT), fuse-loop (a file per LUN in a "
                    + "FUSE mount on a direct-I/O loop device, for kernels without nbd), auto (default: netlink, ioctl, "
                    + "then fuse-loop)")
    String mode;

    @Option(names = "--mount-dir", paramLabel = "DIR", defaultValue = "/run/lunbridge/fuse",
            description = "fuse-loop only: where the FUSE filesystem with the LUN files is mounted (default ${DEFAULT-VALUE})")
    java.nio.file.Path mountDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Kernel request timeout; 0 (default) lets requests wait for path recovery. When it fires the "
                    + "kernel drops the device's connection, so any other value must exceed the replacement timeout + "
                    + KernelTimeouts.MARGIN_SECONDS + " s")
    long timeout;

    @Option(names = "--dead-conn-timeout", paramLabel = "SECONDS",
            description = "netlink only: how long the kernel holds I/O when the connection to this process dies "
                    + "(e.g. it was killed) before failing it; 0 fails at once (default: the replacement timeout + "
                    + KernelTimeouts.MARGIN_SECONDS + " s; " + KernelTimeouts.MAX_SECONDS + " s, a year, for 'queue')")
    Long deadConnOverride;

    @Option(names = "--foreground",
            description = "Attach and serve in this process even when the lunbridge daemon runs (default: when it runs, "
                    + "it attaches the target and this command returns)")
    boolean foreground;

    @Option(names = "--daemon", paramLabel = "PATH",
            description = "The daemon's control socket (default /run/lunbridge/control/daemon.sock)")
    Path daemonSocket;

    @Mixin
    InitiatorOptions options;

    /** Where a LUN whose I/O failed (replacement timeout expired) is flagged 'needs fsck'. */
    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String targetName = IscsiName.parse(target).value();
        if (!foreground) {
            Optional<Integer> viaDaemon = viaDaemon(targetName);
            if (viaDaemon.isPresent()) {
                return viaDaemon.get();
            }
        }
        StopSignals signals = new StopSignals();
        if (mode.equalsIgnoreCase("fuse-loop") || (mode.equalsIgnoreCase("auto") && !KernelAttacher.driverPresent())) {
            if (device != null) {
                throw new IllegalArgumentException("--device " + device + " names an nbd device, but the fuse-loop mode "
                        + "attaches loop devices" + (mode.equalsIgnoreCase("auto")
                        ? " (chosen because this kernel has no nbd driver)" : ""));
            }
            return FuseAttachCommand.run(options, paths, portals, targetName, lun, mountDir, spec.commandLine().getOut(),
                    signals, store.path());
        }
        AttachMode attachMode = AttachMode.parse(mode);
        OptionalInt index = device == null ? OptionalInt.empty() : OptionalInt.of(NbdSysfs.parseDevice(device));
        KernelTimeouts.checkOptions(timeout, Optional.ofNullable(deadConnOverride));
        PrintWriter out = spec.commandLine().getOut();
        int status = serve(targetName, attachMode, index, signals, out);
        // reached only once the devices are detached and the session logged out (TargetLuns closed)
        out.println("logged out of " + targetName);
        out.flush();
        return status;
    }

    /**
     * When the daemon runs: it attaches the target ({@code attach IQN [LUN]}) with its own discovery
     * policy and settings; options only a foreground attach can honour are refused naming them.
     * Empty when no daemon runs.
     */
    private Optional<Integer> viaDaemon(String targetName) throws java.io.IOException {
        Path socket = DaemonClient.socket(daemonSocket);
        if (!java.nio.file.Files.exists(socket)) {
            return Optional.empty();
        }
        List<String> foregroundOnly = new ArrayList<>();
        if (!portals.isEmpty()) {
            foregroundOnly.add("--portal");
        }
        if (device != null) {
            foregroundOnly.add("--device");
        }
        // the daemon attaches in its own mode (netlink or fuse-loop, chosen at its start): a mode asked
        // for here would be silently ignored whenever it differs, so any explicit one needs --foreground
        if (!mode.equalsIgnoreCase("auto")) {
            foregroundOnly.add("--mode " + mode);
        }
        if (paths.control != null) {
            foregroundOnly.add("--control");
        }
        List<String> args = new ArrayList<>(List.of(targetName));
        if (lun != null) {
            args.add(Integer.toString(lun));
        }
        if (!foregroundOnly.isEmpty()) {
            // only refused when the daemon really answers: a stale socket file means a foreground attach
            if (DaemonClient.ifRunning(socket, new io.lunbridge.app.control.ControlRequest("status", List.of())).isEmpty()) {
                return Optional.empty();
            }
            throw new IllegalArgumentException("the lunbridge daemon is running (" + socket + ") and attaches with its "
                    + "own discovery and settings; " + String.join(", ", foregroundOnly) + (foregroundOnly.size() == 1
                    ? " only applies" : " only apply") + " to an attach in this process: add --foreground");
        }
        Optional<io.lunbridge.app.control.ControlReply> reply = DaemonClient.ifRunning(socket,
                new io.lunbridge.app.control.ControlRequest("attach", args));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(DaemonClient.print(reply.get(), spec.commandLine().getOut()));
    }

    private int serve(String targetName, AttachMode attachMode, OptionalInt index, StopSignals signals,
                      PrintWriter out) throws Exception {
        try (KernelAttacher attacher = KernelAttacher.open(attachMode);
             AttachSupervisor supervisor = AttachSupervisor.beforeLogin(targetName, attacher.mode().toString(), null,
                     lun, out, paths.control, store.path());
             Initiator initiator = new Initiator(options.settings());
             TargetLuns luns = TargetAddressing.openLuns(options, paths, initiator, portals, targetName, Optional.ofNullable(lun))) {
            if (index.isPresent() && luns.units().size() > 1) {
                throw new IllegalArgumentException("--device " + device + " names one device but target " + targetName
                        + " has " + luns.units().size() + " disk LUNs: add --lun");
            }
            if (deadConnOverride != null && attacher.mode() != AttachMode.NETLINK) {
                LOG.warn("--dead-conn-timeout {}: no such timer over the {} interface (I/O fails at once if the "
                        + "connection to the kernel dies)", deadConnOverride, attacher.mode());
            }
            NbdLuns nbd = NbdLuns.attach(supervisor, attacher, luns.units(), index, timeout,
                    Optional.ofNullable(deadConnOverride), options.configuration().maxBytesInFlight(), out);
            List<LocalDisk> disks = nbd.disks();
            boolean served = false;
            try {
                int status = supervisor.serve(disks, signals, luns);
                served = true;
                return status;
            } finally {
                if (!served) {
                    for (LocalDisk d : disks) {
                        out.println(d.detach());
                    }
                    out.flush();
                }
            }
        }
    }
}
