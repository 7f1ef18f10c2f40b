package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.control.ControlServer;
import io.lunbridge.app.metrics.BlockMetrics;
import io.lunbridge.app.metrics.MetricsControl;
import io.lunbridge.app.metrics.MetricsRegistry;
import io.lunbridge.app.metrics.MultipathMetrics;
import io.lunbridge.app.metrics.SessionMetrics;
import io.lunbridge.app.status.MultipathVerbs;
import io.lunbridge.block.BlockDevice;
import java.util.HashMap;
import java.util.function.Function;
import io.lunbridge.app.fsck.NeedsFsckRecorder;
import io.lunbridge.app.lifecycle.AttachLifecycle;
import io.lunbridge.app.lifecycle.AttachmentLock;
import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.app.lifecycle.RunDirectory;
import io.lunbridge.app.lifecycle.StaleState;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.scsi.Lun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The host-side bookkeeping of one {@code attach} process, the same for every mode: claims each LUN
 * (a {@link AttachmentLock}, cleaning what a killed predecessor left), records the devices, serves the
 * control socket ({@code detach [force]}, {@code status}, {@code set}, {@code metrics}) and lets {@link AttachLifecycle} decide when
 * the disks go. {@link #close()} releases the claims and removes the socket.
 */
final class AttachSupervisor implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(AttachSupervisor.class);

    private final RunDirectory run;
    private final String target;
    private final String mode;
    private final String mountDir;
    private final PrintWriter out;
    private final DeviceUsage usage = DeviceUsage.system();
    private final Map<Lun, AttachmentLock> locks = new LinkedHashMap<>();
    /** Read by the 'needs fsck' listeners on the devices' event loops too. */
    private final Map<Lun, AttachmentRecord> records = new java.util.concurrent.ConcurrentHashMap<>();
    /** Flags a LUN 'needs fsck' in the store when its device failed I/O (store writes on a thread of its own). */
    private final NeedsFsckRecorder needsFsck;
    private final long pid = ProcessHandle.current().pid();
    private ControlServer control;
    /** Answered on the control socket ({@code metrics}); this verb serves no metrics endpoint of its own. */
    private final MetricsRegistry metrics = new MetricsRegistry();
    private final BlockMetrics blockMetrics = new BlockMetrics(metrics);
    /** Where this process' control socket listens ({@code --control}, or the run directory's). */
    private final Path controlPath;

    /** A supervisor for attaching {@code target} ({@code lun} only, if given), after {@link #refuseSecondSession}. */
    static AttachSupervisor beforeLogin(String target, String mode, Path mountDir, Integer lun, PrintWriter out,
                                        Path control, Path store) throws IOException {
        AttachSupervisor s = new AttachSupervisor(RunDirectory.system(), target, mode, mountDir, out, control, store);
        try {
            s.refuseSecondSession(lun);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private AttachSupervisor(RunDirectory run, String target, String mode, Path mountDir, PrintWriter out,
                             Path control, Path store) {
        this.needsFsck = new NeedsFsckRecorder(store);
        this.run = run;
        this.controlPath = control != null ? control.toAbsolutePath() : run.controlSocket(pid);
        this.target = target;
        this.mode = mode;
        this.mountDir = mountDir == null ? "" : mountDir.toAbsolutePath().normalize().toString();
        this.out = out;
    }

    /**
     * Before login: refuses when a live attach process of this host is logged in to the same target.
     * Its session has the same ISID (derived from initiator, target and local address), so a second
     * login would reinstate it and take it over, failing the other process's devices.
     */
    private void refuseSecondSession(Integer lun) throws IOException {
        for (AttachmentLock.State s : AttachmentLock.scan(run)) {
            if (s instanceof AttachmentLock.Stale stale) {
                stale.claim().release(); // cleaned by claim() if it is ours to clean
            } else if (s instanceof AttachmentLock.Live live && live.record().target().equals(target)) {
                AttachmentRecord r = live.record();
                if (lun == null || r.lun().equals(Integer.toString(lun))) {
                    throw new io.lunbridge.app.lifecycle.AlreadyAttachedException(target, r.lun(), Optional.of(r));
                }
                throw new IllegalStateException("target " + target + " already has a session from this host: "
                        + r.describe() + "; a second login would take that session over (same ISID) and fail its "
                        + "devices: detach it first, or attach all the LUNs in one process (without --lun)");
            }
        }
    }

    /** Claims every unit's LUN for this process; refuses (releasing what it claimed) if one is attached elsewhere. */
    void claim(List<MultipathDevice> units) throws IOException {
        for (MultipathDevice u : units) {
            Lun lun = u.info().lun();
            AttachmentRecord r = new AttachmentRecord(pid, target, label(lun), mode, "", "", mountDir,
                    controlPath.toString());
            AttachmentLock lock = AttachmentLock.acquire(run, lun.rawHex(), r);
            locks.put(lun, lock);
            records.put(lun, r);
            u.onIoFailure(needsFsck.listener(target, label(lun), () -> Optional.ofNullable(records.get(lun))
                    .map(AttachmentRecord::device).filter(d -> !d.isEmpty())));
            if (lock.stale().isPresent()) {
                AttachmentRecord dead = lock.stale().get();
                report("the attach of " + dead.describe() + " was killed; cleaning up after it");
                for (String line : new StaleState(usage).clean(dead, "netlink".equals(mode))) {
                    report(line);
                }
            }
        }
    }

    /** Records that {@code lun} is now {@code device} (and, in fuse-loop mode, {@code file}). */
    void attached(Lun lun, Path device, Path file) throws IOException {
        AttachmentRecord r = records.get(lun).on(device.toString(), file == null ? "" : file.toString());
        records.put(lun, r);
        locks.get(lun).update(r);
    }

    /**
     * Releases the claim of {@code lun} alone (its device was detached while the session and the other
     * LUNs stay: the daemon's single-LUN detach); its lock file is emptied like any released claim.
     */
    void released(Lun lun) throws IOException {
        AttachmentLock lock = locks.remove(lun);
        records.remove(lun);
        if (lock != null) {
            lock.close();
        }
    }

    /** The target whose LUNs this process attaches. */
    String target() {
        return target;
    }

    /** {@code device} of LUN export {@code name}, its requests counted in the metrics of {@code status --metrics}. */
    BlockDevice metered(String name, BlockDevice device) {
        return blockMetrics.meter(name, device);
    }

    /** Serves until the lifecycle says stop, detaches, and returns the exit status. */
    int serve(List<LocalDisk> disks, StopSignals signals, TargetLuns luns) throws IOException, InterruptedException {
        AttachLifecycle lifecycle = new AttachLifecycle(disks, usage::users);
        RunDirectory.privateDirectory(controlPath.getParent());
        MultipathMetrics.register(metrics, luns.units());
        SessionMetrics.register(metrics, luns::sessionStats);
        Map<String, Function<ControlRequest, ControlReply>> verbs = new HashMap<>(
                MultipathVerbs.of("attach", target, luns.units()));
        Function<ControlRequest, ControlReply> paths = verbs.get("status");
        verbs.put("detach", lifecycle::detachRequest);
        verbs.put("status", r -> withLifecycle(lifecycle.statusRequest(r), paths.apply(r), r));
        verbs.put(MetricsControl.VERB, MetricsControl.verb(metrics));
        control = ControlServer.start(controlPath, verbs);
        signals.listen(lifecycle::signal);
        AttachLifecycle.Outcome how = lifecycle.awaitStop();
        List<String> lines = new ArrayList<>(lifecycle.detachAll(how));
        for (String l : lines) {
            out.println(l);
        }
        out.flush();
        return lifecycle.stopSignal().map(s -> StopSignals.exitStatus(s.substring(3))).orElse(0);
    }

    /** {@code status}: the devices and paths; in text form, the attachment's state and uses first. */
    private static ControlReply withLifecycle(ControlReply lifecycle, ControlReply paths, ControlRequest r) {
        if (r.has("json") || paths.status() != ControlReply.Status.OK) {
            return paths;
        }
        List<String> data = new ArrayList<>(lifecycle.data());
        data.add(0, lifecycle.message());
        data.addAll(paths.data());
        return new ControlReply(ControlReply.Status.OK, "text", data);
    }

    private void report(String line) {
        LOG.warn(line);
        out.println(line);
        out.flush();
    }

    static String label(Lun lun) {
        return lun.hasNumber() ? Integer.toString(lun.number()) : lun.rawHex();
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        needsFsck.close(); // the devices are closed by now: their last reports are queued
        for (AttachmentLock l : locks.values()) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.warn("releasing {}: {}", l.path(), e.getMessage());
            }
        }
    }
}
