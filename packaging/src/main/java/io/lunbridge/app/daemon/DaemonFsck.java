package io.lunbridge.app.daemon;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.fsck.Affected;
import io.lunbridge.app.fsck.Confirmation;
import io.lunbridge.app.fsck.FlagStore;
import io.lunbridge.app.fsck.FsckException;
import io.lunbridge.app.fsck.FsckExit;
import io.lunbridge.app.fsck.FsckRun;
import io.lunbridge.app.fsck.FsckTools;
import io.lunbridge.app.fsck.SystemFsckTools;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.MountTable;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's {@code fsck IQN|DEVICE [repair]} ({@link FsckRun} on the daemon's own disks):
 * <ol>
 *   <li>on the main thread (where every attach and detach happens, so the target cannot go in
 *       between): resolve the argument against the daemon's attached targets (a target name: every
 *       LUN of it; a device path, or a link to one: the LUN attached as it) and claim the target in
 *       {@link FsckClaims} — a second fsck of it is refused naming the first; while claimed, a
 *       {@code logout}/{@code detach} of it (even forced) is refused naming the fsck, a reload leaves
 *       it attached and a stop waits for it ({@link Teardown});</li>
 *   <li>on the control request's own thread, never the main thread (a long check must not hold up a
 *       stop or other requests): the refusal while mounted or open (naming the mount point or
 *       process; the daemon's own descriptors do not count), the read-only check, and with
 *       {@code repair} the repair of what it finds; the "needs fsck" flag is cleared in the store on a
 *       clean or repaired result, as the local {@code lunbridge fsck} does. Without {@code repair}
 *       nothing is repaired: the checker's output says so, and the CLI asks on its terminal and then
 *       sends {@code fsck ... repair};</li>
 *   <li>the reply: the tool output as data lines, then {@code ok lunbridge daemon PID: read-only
 *       check|repair of WHAT: exit N}, N being fsck(8)'s status; a refusal is {@code refused}, a
 *       failure {@code error} (the CLI exits 8 for both).</li>
 * </ol>
 */
final class DaemonFsck {
    private static final Logger LOG = LogManager.getLogger(DaemonFsck.class);
    /** What the daemon's FsckRun is told when an error is found without {@code repair}: nobody to ask here. */
    private static final Confirmation NOBODY = question -> Confirmation.Answer.NO_TERMINAL;

    private final Daemon daemon;
    private final DeviceUsage usage;
    private final Supplier<MountTable> mounts;
    private final FsckTools tools;
    private final FlagStore flags;

    DaemonFsck(Daemon daemon, DeviceUsage usage, Supplier<MountTable> mounts, FsckTools tools, FlagStore flags) {
        this.daemon = daemon;
        this.usage = usage;
        this.mounts = mounts;
        this.tools = tools;
        this.flags = flags;
    }

    /** On the running system: /sys, /proc, blkid and the checkers, the flags of the store file {@code store}. */
    static DaemonFsck system(Daemon daemon, Path store) {
        return new DaemonFsck(daemon, DeviceUsage.system(), () -> {
            try {
                return MountTable.read();
            } catch (IOException e) {
                throw new UncheckedIOException(MountTable.PROC_MOUNTINFO + ": " + e.getMessage(), e);
            }
        }, new SystemFsckTools(), FlagStore.of(store));
    }

    /** Carries out {@code r} (a control-socket thread): claim on the main thread, check here, release. */
    ControlReply carryOut(String request, DaemonRequest.Fsck r) {
        // null: not claimed yet; an empty list: this thread gave up waiting (a later claim is dropped)
        AtomicReference<List<Affected>> claimed = new AtomicReference<>();
        String what = (r.repair() ? "repair" : "read-only check") + " of " + r.what();
        ControlReply answer = daemon.submit(request, () -> claim(r, what, claimed));
        List<Affected> luns = claimed.getAndSet(List.of());
        if (luns == null || luns.isEmpty()) {
            return answer.status() == ControlReply.Status.OK ? ControlReply.error("fsck of " + r.what()
                    + " was not started: " + answer.message()) : answer;
        }
        IscsiName target = luns.get(0).target();
        try {
            return check(r, what, luns);
        } finally {
            daemon.fscks().release(target);
            LOG.info("fsck of {}: target {} released", r.what(), target);
        }
    }

    /** Main thread: resolves and claims. */
    private ControlReply claim(DaemonRequest.Fsck r, String what, AtomicReference<List<Affected>> claimed) {
        List<Affected> luns;
        try {
            luns = resolve(r.what(), daemon.targets(), ProcessHandle.current().pid());
        } catch (FsckException e) {
            return e.exitStatus() == FsckExit.USAGE ? ControlReply.error(e.getMessage()) : ControlReply.refused(e.getMessage());
        }
        IscsiName target = luns.get(0).target();
        String sentence = "lunbridge fsck (" + what + ") is running since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var other = daemon.fscks().claim(target, sentence);
        if (other.isPresent()) {
            return ControlReply.refused("not checking " + r.what() + ": on target " + target + " " + other.get()
                    + "; wait for it to finish");
        }
        if (!claimed.compareAndSet(null, luns)) {
            daemon.fscks().release(target); // the requester gave up waiting
            return ControlReply.error("fsck of " + r.what() + ": the request was given up");
        }
        LOG.info("fsck of {} ({}) started: {}", r.what(), what, luns.stream().map(Affected::describe).toList());
        return ControlReply.ok("claimed");
    }

    private ControlReply check(DaemonRequest.Fsck r, String what, List<Affected> luns) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        int status;
        try {
            status = new FsckRun(usage, mounts.get(), tools, NOBODY, flags, r.repair(), out).run(luns);
        } catch (FsckException e) {
            LOG.warn("fsck of {} refused: {}", r.what(), e.getMessage());
            return new ControlReply(ControlReply.Status.REFUSED, e.getMessage(), lines(text, out));
        } catch (IOException | RuntimeException e) {
            LOG.error("fsck of {} failed: {}", r.what(), e.toString());
            return new ControlReply(ControlReply.Status.ERROR, "fsck of " + r.what() + " failed: " + e.getMessage(),
                    lines(text, out));
        }
        LOG.info("fsck of {} ({}): exit {}", r.what(), what, status);
        return new ControlReply(ControlReply.Status.OK, "lunbridge daemon " + ProcessHandle.current().pid() + ": " + what
                + ": exit " + status, lines(text, out));
    }

    private static List<String> lines(StringWriter text, PrintWriter out) {
        out.flush();
        return text.toString().lines().toList();
    }

    /**
     * The LUNs of {@code what} among the daemon's {@code targets}: every LUN of the target so named,
     * or the one attached as the device path (links resolved).
     *
     * @throws FsckException {@link FsckExit#OPERATIONAL} naming what the daemon has attached, or
     *     {@link FsckExit#USAGE} for neither a path nor a target name
     */
    static List<Affected> resolve(String what, List<AttachedTarget> targets, long pid) {
        List<Affected> all = new ArrayList<>();
        for (AttachedTarget t : targets) {
            List<Path> devices = t.devices();
            List<String> luns = t.lunLabels();
            for (int i = 0; i < devices.size() && i < luns.size(); i++) {
                all.add(new Affected(t.stored().name(), luns.get(i), devices.get(i), pid));
            }
        }
        List<Affected> found = new ArrayList<>();
        if (what.startsWith("/")) {
            Path given = Path.of(what).normalize();
            Path real = real(given);
            for (Affected a : all) {
                if (a.device().equals(given) || a.device().equals(real) || real(a.device()).equals(real)) {
                    found.add(a);
                }
            }
            if (found.isEmpty()) {
                throw new FsckException(FsckExit.OPERATIONAL, given + " is not a device of the lunbridge daemon"
                        + known(all));
            }
            return found;
        }
        IscsiName name;
        try {
            name = IscsiName.parse(what);
        } catch (IllegalArgumentException e) {
            throw new FsckException(FsckExit.USAGE, "'" + io.lunbridge.protocol.input.Excerpt.of(what)
                    + "' is neither a device path nor a target name: " + e.getMessage());
        }
        for (Affected a : all) {
            if (a.target().equals(name)) {
                found.add(a);
            }
        }
        if (found.isEmpty()) {
            throw new FsckException(FsckExit.OPERATIONAL, "target " + name + " has no LUN attached by the lunbridge daemon"
                    + known(all));
        }
        return found;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static String known(List<Affected> all) {
        return all.isEmpty() ? " (the daemon has nothing attached)"
                : "; the daemon has attached: " + String.join(", ", all.stream().map(Affected::describe).toList());
    }
}
