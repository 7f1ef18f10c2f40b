package io.lunbridge.cli;

import io.lunbridge.app.control.ControlClient;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.lifecycle.AttachmentLock;
import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.RunDirectory;
import io.lunbridge.app.lifecycle.StaleState;
import io.lunbridge.bridge.fuse.LoopDevice;
import io.lunbridge.bridge.kernel.AttachMode;
import io.lunbridge.bridge.kernel.KernelAttacher;
import io.lunbridge.bridge.kernel.NbdDriver;
import io.lunbridge.bridge.kernel.NbdSysfs;
import io.lunbridge.bridge.kernel.Posix;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge detach}: finds the attachment by device (/dev/nbdN, /dev/loopN), by FUSE file or
 * by {@code --target} and {@code --lun} in the lock files of /run/lunbridge/locks, and asks its
 * attach process over its control socket to detach (refused while mounted or open, naming the use;
 * {@code --force} fails its I/O with EIO and detaches anyway). It sends {@code detach IQN lun N}:
 * the daemon then detaches that LUN's device alone, keeping the session and the other LUNs (the last
 * LUN logs the target out); an attach process detaches every device it attached, logs out and
 * exits. {@code --target IQN} without {@code --lun} detaches the whole target ({@code detach IQN}). An attachment whose process was killed is cleaned here
 * (loop device, stale FUSE mount, nbd device, lock). An nbd device no lunbridge process claims is
 * disconnected through the kernel directly, as before.
 */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = "Detach a LUN attached by 'lunbridge attach' or the daemon (any mode): by device, FUSE file, or "
                + "--target and --lun; --target alone detaches the whole target.")
final class DetachCommand implements Callable<Integer> {
    private static final long WAIT_MILLIS = 30_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEVICE|FILE",
            description = "/dev/nbdN, /dev/loopN or the LUN's file in the FUSE mount")
    String what;

    @Option(names = "--target", paramLabel = "IQN",
            description = "The target: with --lun detach that LUN, alone detach every LUN of the target and log out")
    String target;

    @Option(names = "--lun", paramLabel = "N", converter = LunOption.class, description = "The LUN (with --target)")
    Integer lun;

    @Option(names = "--force",
            description = "Detach even while mounted or open: queued and later I/O fails with EIO at once, so a stuck "
                    + "filesystem can be unmounted lazily (umount -l)")
    boolean force;

    @Option(names = "--mode", paramLabel = "auto|netlink|ioctl", defaultValue = "auto",
            description = "Kernel interface for an nbd device no lunbridge process claims (default: netlink if available)")
    String mode;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((what == null) == (target == null)) {
            throw new IllegalArgumentException("name what to detach: a device or FUSE file, or --target IQN [--lun N]");
        }
        if (what != null && lun != null) {
            throw new IllegalArgumentException("--lun " + lun + " goes with --target IQN, not with " + what);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<AttachmentLock.State> states = AttachmentLock.scan(RunDirectory.system());
        try {
            if (target != null && lun == null) {
                return wholeTarget(states, out);
            }
            // A live attachment first: a killed one's record may name a device that has been reused since.
            Optional<AttachmentLock.State> match = states.stream().filter(s -> matches(record(s)))
                    .min(java.util.Comparator.comparing(s -> s instanceof AttachmentLock.Live ? 0 : 1));
            if (match.isPresent() && match.get() instanceof AttachmentLock.Live live) {
                return viaControl(live.record(), out);
            }
            if (match.isPresent() && match.get() instanceof AttachmentLock.Stale stale) {
                out.println("the attach of " + stale.record().describe() + " was killed; cleaning up after it");
                for (String line : new StaleState(DeviceUsage.system()).clean(stale.record())) {
                    out.println(line);
                }
                stale.claim().close();
                return 0;
            }
            return unclaimed(states, out);
        } finally {
            for (AttachmentLock.State s : states) {
                if (s instanceof AttachmentLock.Stale stale && stale.claim().isOpen()) {
                    stale.claim().release();
                }
            }
        }
    }

    private static AttachmentRecord record(AttachmentLock.State s) {
        return s instanceof AttachmentLock.Live l ? l.record() : ((AttachmentLock.Stale) s).record();
    }

    /**
     * {@code --target IQN} alone: {@code detach IQN [force]} to each live process holding a LUN of it
     * (the daemon detaches the whole target and logs out; an attach process everything it attached).
     */
    private int wholeTarget(List<AttachmentLock.State> states, PrintWriter out) throws IOException {
        List<AttachmentRecord> live = states.stream().filter(s -> s instanceof AttachmentLock.Live)
                .map(DetachCommand::record).filter(r -> r.target().equals(target)).toList();
        if (live.isEmpty()) {
            List<String> known = states.stream().map(s -> record(s).describe()).toList();
            throw new IllegalArgumentException("no lunbridge process has a LUN of " + target + " attached"
                    + (known.isEmpty() ? " (nothing is attached)" : "; attached: " + String.join(", ", known)));
        }
        List<String> sockets = new ArrayList<>();
        for (AttachmentRecord r : live) {
            if (!sockets.contains(r.controlSocket())) {
                sockets.add(r.controlSocket());
                send(r, new ArrayList<>(List.of(r.target())), out);
            }
        }
        return 0;
    }

    private boolean matches(AttachmentRecord r) {
        if (target != null) {
            return r.target().equals(target) && r.lun().equals(Integer.toString(lun));
        }
        Path p = Path.of(what).toAbsolutePath().normalize();
        return r.device().equals(what) || (!r.file().isEmpty() && Path.of(r.file()).equals(p));
    }

    /**
     * {@code detach IQN lun N [force]} to the process holding the attachment: the daemon detaches that
     * LUN's device alone; an attach process every device it attached (it ignores the arguments but
     * {@code force}). A LUN with no single number: {@code detach IQN}, the whole target.
     */
    private int viaControl(AttachmentRecord r, PrintWriter out) throws IOException {
        List<String> args = new ArrayList<>(List.of(r.target()));
        if (r.lun().matches("[0-9]+")) {
            args.add("lun");
            args.add(r.lun());
        }
        return send(r, args, out);
    }

    private int send(AttachmentRecord r, List<String> args, PrintWriter out) throws IOException {
        if (force) {
            args.add("force");
        }
        ControlRequest request = new ControlRequest("detach", args);
        ControlReply reply = ControlClient.send(Path.of(r.controlSocket()), request);
        if (reply.status() != ControlReply.Status.OK) {
            throw new IllegalStateException(r.describe() + ": " + reply.message());
        }
        out.println(reply.message());
        return 0;
    }

    /** No lock file names it: an nbd device attached some other way, or a loop device on a dead FUSE mount. */
    private int unclaimed(List<AttachmentLock.State> states, PrintWriter out) throws Exception {
        if (what != null && what.startsWith("/dev/nbd")) {
            return disconnectNbd(out);
        }
        if (what != null && what.matches("/dev/loop[0-9]+")) {
            Optional<Path> backing = LoopDevice.backingFile(Path.of(what));
            if (backing.isPresent() && backing.get().getParent() != null) {
                List<String> done = new StaleState(DeviceUsage.system()).cleanMountDir(backing.get().getParent());
                if (!done.isEmpty()) {
                    done.forEach(out::println);
                    return 0;
                }
            }
            throw new IllegalArgumentException(what + " is not attached by a lunbridge process"
                    + backing.map(b -> " (its backing file is " + b + ")").orElse(" (it is not bound)"));
        }
        List<String> known = new ArrayList<>();
        for (AttachmentLock.State s : states) {
            known.add(record(s).describe());
        }
        throw new IllegalArgumentException("no lunbridge attachment matches " + (what != null ? what
                : "LUN " + lun + " of " + target) + (known.isEmpty() ? " (nothing is attached)"
                : "; attached: " + String.join(", ", known)));
    }

    private int disconnectNbd(PrintWriter out) throws Exception {
        int index = NbdSysfs.parseDevice(what);
        if (!force) {
            List<String> uses = DeviceUsage.system().users(Path.of(what));
            if (!uses.isEmpty()) {
                throw new IllegalStateException("not detaching: " + String.join("; ", uses)
                        + "; unmount or close it first, or use --force");
            }
        }
        NbdSysfs sysfs = NbdSysfs.system();
        NbdDriver driver = KernelAttacher.driver(AttachMode.parse(mode), Posix.load(), sysfs);
        driver.disconnect(index);
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (sysfs.inUse(index)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("disconnect of " + what + " sent (" + driver.mode() + "), but it is still in use after "
                        + WAIT_MILLIS / 1000 + " s");
            }
            Thread.sleep(50);
        }
        out.println(what + " detached (" + driver.mode() + ")");
        return 0;
    }
}
