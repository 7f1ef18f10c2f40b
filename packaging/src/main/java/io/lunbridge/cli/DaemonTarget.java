package io.lunbridge.cli;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.daemon.AttachedTarget;
import io.lunbridge.app.daemon.PortalLogin;
import io.lunbridge.app.lifecycle.AttachLifecycle;
import io.lunbridge.app.lifecycle.DeviceUsage;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.app.store.LunAllowList;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.initiator.Initiator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import io.lunbridge.bridge.kernel.AttachMode;
import io.lunbridge.bridge.kernel.KernelAttacher;
import java.util.SortedSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One target of {@code lunbridge daemon}, attached with attach's building blocks: the claim and
 * bookkeeping of an {@link AttachSupervisor} (so that a foreground attach of the same target is
 * refused), the login of {@link TargetAddressing} (the discovery policy finds its portals and CHAP),
 * and its allowed LUNs either as kernel nbd devices over netlink ({@link NbdLuns}: a device the
 * kernel still holds for a LUN, e.g. handed over by the previous daemon, is taken over) or as
 * {@link FuseLoopLuns} in {@code MOUNT_DIR/IQN}. Detaching uses {@link AttachLifecycle}: the devices
 * go (fenced first when forced), then the FUSE mount, then the session (logout), then the claims. In
 * nbd mode a target can instead be handed over ({@link #handOver()}).
 */
final class DaemonTarget implements AttachedTarget {
    private static final Logger LOG = LogManager.getLogger(DaemonTarget.class);

    private final StoredTarget stored;
    private final AttachSupervisor supervisor;
    private final Initiator initiator;
    private final TargetLuns luns;
    /** The attached LUNs' units and local disks, in the same order; a single-LUN detach removes from both. */
    private final List<MultipathDevice> units;
    /** FUSE + loop only: the mount and its loop devices. */
    private final FuseLoopLuns fuse;
    /** nbd mode only: the kernel devices (the attacher is closed after them). */
    private final NbdLuns nbd;
    private final KernelAttacher attacher;
    private final List<LocalDisk> disks;
    private volatile AttachLifecycle lifecycle;

    private DaemonTarget(StoredTarget stored, AttachSupervisor supervisor, Initiator initiator, TargetLuns luns,
                         List<MultipathDevice> units, FuseLoopLuns fuse, NbdLuns nbd, KernelAttacher attacher) {
        this.stored = stored;
        this.supervisor = supervisor;
        this.initiator = initiator;
        this.luns = luns;
        this.units = new java.util.concurrent.CopyOnWriteArrayList<>(units);
        this.fuse = fuse;
        this.nbd = nbd;
        this.attacher = attacher;
        this.disks = new java.util.concurrent.CopyOnWriteArrayList<>(fuse != null ? fuse.disks() : nbd.disks());
        this.lifecycle = new AttachLifecycle(disks, DeviceUsage.system()::users);
    }

    /**
     * Logs in to {@code t} and attaches the LUNs of its allow-list: with {@code nbd} true as /dev/nbdN
     * over netlink, otherwise under {@code mountBase/IQN} as FUSE + loop.
     */
    static DaemonTarget attach(StoredTarget t, InitiatorOptions options, Configuration config, PathOptions paths,
                               Path mountBase, Path control, PrintWriter out, Path store, boolean nbdMode) throws Exception {
        return attach(t, Optional.empty(), options, config, paths, mountBase, control, out, store, nbdMode);
    }

    /**
     * As above; with {@code through} the login goes through that portal alone with its CHAP, after its
     * SendTargets answer was checked to list the target, instead of through the discovery policy.
     */
    static DaemonTarget attach(StoredTarget t, Optional<PortalLogin> through, InitiatorOptions options,
                               Configuration config, PathOptions paths, Path mountBase, Path control, PrintWriter out,
                               Path store, boolean nbdMode) throws Exception {
        String name = t.name().value();
        LunAllowList allowed = t.startup().luns();
        Optional<Integer> only = allowed.numbers().filter(n -> n.size() == 1).map(SortedSet::first);
        Path dir = nbdMode ? null : mountBase.resolve(name);
        AttachSupervisor supervisor = AttachSupervisor.beforeLogin(name, nbdMode ? "netlink" : "fuse-loop", dir, null,
                out, control, store);
        List<AutoCloseable> opened = new ArrayList<>(List.of(supervisor));
        try {
            Initiator initiator = new Initiator(options.settings());
            opened.add(0, initiator);
            TargetLuns luns = through.isPresent()
                    ? TargetAddressing.openLuns(options, config, paths, initiator, checked(initiator, t, through.get()), name,
                            only)
                    : TargetAddressing.openLuns(options, config, paths, initiator, List.of(), name, only);
            opened.add(0, luns);
            List<MultipathDevice> units = luns.units().stream().filter(u -> allowed.allows(u.info().lun())).toList();
            List<String> present = luns.units().stream().map(u -> AttachSupervisor.label(u.info().lun())).toList();
            if (units.isEmpty()) {
                throw new IllegalStateException("target " + name + ": none of its disk LUNs (" + String.join(", ", present)
                        + ") is in luns=" + allowed.text());
            }
            allowed.numbers().ifPresent(n -> n.stream().map(String::valueOf).filter(l -> !present.contains(l))
                    .forEach(l -> LOG.warn("target {}: LUN {} of luns={} is not a disk LUN of the target ({})", name, l,
                            allowed.text(), String.join(", ", present))));
            if (nbdMode) {
                KernelAttacher attacher = KernelAttacher.open(AttachMode.NETLINK);
                opened.add(0, attacher);
                NbdLuns nbd = NbdLuns.attach(supervisor, attacher, units, OptionalInt.empty(), 0, Optional.empty(),
                        config.maxBytesInFlight(), out);
                return new DaemonTarget(t, supervisor, initiator, luns, units, null, nbd, attacher);
            }
            FuseLoopLuns disks = FuseLoopLuns.attach(supervisor, units, dir, out);
            return new DaemonTarget(t, supervisor, initiator, luns, units, disks, null, null);
        } catch (Exception | Error e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Where to log in for {@code login IQN --portal}: that portal and its CHAP, once its SendTargets
     * answer lists the target; an unreachable portal or one that does not list it is an error naming
     * the portal (and the target).
     */
    private static TargetAddressing checked(Initiator initiator, StoredTarget t, PortalLogin through) throws Exception {
        List<String> listed;
        try {
            listed = initiator.sendTargets(through.portal().host(), through.portal().port(), through.chap()).get()
                    .stream().map(io.lunbridge.protocol.discovery.DiscoveredTarget::name).toList();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            throw new java.io.IOException("portal " + through.text() + " (for " + t.name() + "): SendTargets failed: "
                    + cause.getMessage(), cause);
        }
        through.checkListed(t.name(), listed);
        return new TargetAddressing(List.of(through.portal()), through.chap(), List.of());
    }

    @Override
    public StoredTarget stored() {
        return stored;
    }

    @Override
    public List<Path> devices() {
        return disks.stream().map(LocalDisk::device).toList();
    }

    @Override
    public Optional<Path> file(Path device) {
        return fuse == null ? Optional.empty() : fuse.file(device);
    }

    @Override
    public List<MultipathDevice> units() {
        return List.copyOf(units);
    }

    @Override
    public List<String> uses(Path device) {
        try {
            return DeviceUsage.system().users(device);
        } catch (java.io.IOException | RuntimeException e) {
            return List.of("cannot tell whether " + device + " is in use: " + e.getMessage());
        }
    }

    /**
     * Detaches LUN {@code lun}'s device alone: fenced first when forced, then detached (loop device:
     * {@code losetup -d}, its FUSE file stays in the mount until the target goes; nbd: disconnected),
     * its claim released; the session, the multipath device behind it and the other LUNs stay.
     */
    @Override
    public synchronized List<String> detachLun(int lun, boolean force) {
        int i = luns().indexOf(lun);
        if (i < 0) {
            throw new IllegalArgumentException("LUN " + lun + " of " + stored.name() + " is not attached");
        }
        LocalDisk disk = disks.get(i);
        MultipathDevice unit = units.get(i);
        List<String> lines = new ArrayList<>();
        if (force) {
            disk.fence("forced detach of LUN " + lun);
        }
        lines.add(disk.detach());
        disks.remove(i);
        units.remove(i);
        if (nbd != null) {
            nbd.forget(disk);
        }
        lifecycle = new AttachLifecycle(List.copyOf(disks), DeviceUsage.system()::users);
        step(lines, "release of the claim of LUN " + lun, () -> supervisor.released(unit.info().lun()));
        return lines;
    }

    @Override
    public List<String> uses() {
        return lifecycle.uses();
    }

    @Override
    public List<String> detach(boolean force) {
        // each step runs even when an earlier one failed: a session, threads or claims never outlive it
        List<String> lines = new ArrayList<>();
        step(lines, "detach", () -> lines.addAll(lifecycle.detachAll(force ? AttachLifecycle.Outcome.FORCE
                : AttachLifecycle.Outcome.DETACH)));
        if (fuse != null) {
            step(lines, "unmount", fuse::close);
        } else {
            step(lines, "kernel attacher shutdown", attacher::close);
        }
        step(lines, "logout", () -> {
            luns.close();
            lines.add("logged out of " + stored.name());
        });
        step(lines, "initiator shutdown", initiator::close);
        step(lines, "release of the claims", supervisor::close);
        return lines;
    }

    @Override
    public boolean canHandOver() {
        return nbd != null && nbd.canHandOver();
    }

    @Override
    public List<String> handOver() {
        if (!canHandOver()) {
            throw new UnsupportedOperationException("target " + stored.name() + " is attached in fuse-loop mode: its "
                    + "loop devices end with this process and cannot be handed over");
        }
        List<String> lines = new ArrayList<>();
        step(lines, "hand-over", () -> lines.addAll(nbd.handOver()));
        step(lines, "kernel attacher shutdown", attacher::close);
        step(lines, "logout", () -> {
            luns.close();
            lines.add("logged out of " + stored.name() + " (devices left for the next daemon)");
        });
        step(lines, "initiator shutdown", initiator::close);
        step(lines, "release of the claims", supervisor::close);
        return lines;
    }

    private void step(List<String> lines, String what, AutoCloseable action) {
        try {
            action.close();
        } catch (Exception e) {
            LOG.error("target {}: {} failed: {}", stored.name(), what, e.toString());
            lines.add(what + " of " + stored.name() + " failed: " + e.getMessage());
        }
    }
}
