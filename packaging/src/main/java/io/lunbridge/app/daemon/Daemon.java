package io.lunbridge.app.daemon;

import io.lunbridge.app.lvm.Lvm;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code lunbridge daemon}: at start logs in to every target the store marks {@code startup =
 * automatic} and attaches the LUNs each allows, then tells systemd {@code READY=1} and keeps
 * {@code STATUS=} current; SIGHUP applies a {@link ReloadPlan} (only targets added, removed or
 * changed are touched); SIGTERM or SIGINT detaches in reverse attach order (see {@link Teardown})
 * and logs out.
 *
 * <p>The state machine ({@link State}) has one transition method, which logs each change once at
 * INFO with its reason. Signals and control requests ({@link #submit}: login, logout) only queue an
 * event ({@link DaemonEvents}): one thread ({@link #run()}) does every attach and detach;
 * control-socket threads read {@link #targets()}.
 */
public final class Daemon {
    private static final Logger LOG = LogManager.getLogger(Daemon.class);
    /** How often STATUS= is recomputed (sent only when it changed). */
    private static final Duration STATUS_REFRESH = Duration.ofSeconds(5);

    /** Where the daemon is. */
    public enum State implements Transitions<State> {
        /** Started, nothing attached yet. */
        STARTING,
        /** Logging in to the automatic targets and attaching their LUNs. */
        ATTACHING,
        /** Serving; READY=1 was sent. */
        READY,
        /** SIGHUP: applying the store's changes. */
        RELOADING,
        /** SIGTERM/SIGINT: detaching in reverse order and logging out. */
        STOPPING,
        /** Everything detached and logged out. */
        STOPPED;

        /** The diagram above; a failed main loop goes from any state to STOPPED (targets detached). */
        @Override
        public boolean canMoveTo(State next) {
            switch (this) {
                case STARTING:
                    return next == ATTACHING || next == STOPPED;
                case ATTACHING:
                case RELOADING:
                    return next == READY || next == STOPPED;
                case READY:
                    return next == RELOADING || next == STOPPING || next == STOPPED;
                case STOPPING:
                    return next == STOPPED;
                default:
                    return false;
            }
        }
    }

    private final Supplier<List<StoredTarget>> automatic;
    private final java.util.function.Function<IscsiName, Optional<StoredTarget>> lookup;
    private final TargetAttacher attacher;
    private final DaemonEvents events = new DaemonEvents(() -> {
        State s = state();
        return s == State.STOPPING || s == State.STOPPED;
    });
    /** Attached targets, those attached on request, failures and volume groups. */
    private final DaemonTargets book = new DaemonTargets();
    private final DaemonNotifier notifier;
    private final Lvm lvm;
    private final FsckClaims fscks = new FsckClaims();
    /**
     * The default wait for a disk in use at stop: below the unit's TimeoutStopSec (150 s), so that
     * the daemon's own fenced detach and logout come before systemd's SIGKILL.
     */
    public static final Duration DEFAULT_STOP_WAIT = Duration.ofSeconds(120);

    private final Duration stopWait;
    private final StateMachine<State> state = new StateMachine<>("daemon", State.STARTING, LOG);

    /**
     * @param automatic reads the store's automatic targets (at start and on every reload)
     * @param attacher logs in to one and attaches its allowed LUNs
     * @param notify systemd's notify socket (a no-op outside systemd)
     */
    public Daemon(Supplier<List<StoredTarget>> automatic, TargetAttacher attacher, SdNotify notify) {
        this(automatic, attacher, notify, DEFAULT_STOP_WAIT);
    }

    /**
     * @param stopWait how long a stop waits for a disk in use before it fences (EIO) and detaches it;
     *     zero waits for ever (only a further SIGTERM/SIGINT forces)
     */
    public Daemon(Supplier<List<StoredTarget>> automatic, TargetAttacher attacher, SdNotify notify, Duration stopWait) {
        this(automatic, name -> automatic.get().stream().filter(t -> t.name().equals(name)).findFirst(), attacher,
                notify, stopWait, Lvm.system());
    }

    /** @param lvm runs the vgchange and pvs commands for the targets' volume groups */
    public Daemon(Supplier<List<StoredTarget>> automatic, TargetAttacher attacher, SdNotify notify, Duration stopWait,
                  Lvm lvm) {
        this(automatic, name -> automatic.get().stream().filter(t -> t.name().equals(name)).findFirst(), attacher,
                notify, stopWait, lvm);
    }

    /** @param lookup reads any stored target (for {@code login} of a target that is not automatic) */
    public Daemon(Supplier<List<StoredTarget>> automatic, java.util.function.Function<IscsiName,
            Optional<StoredTarget>> lookup, TargetAttacher attacher, SdNotify notify, Duration stopWait) {
        this(automatic, lookup, attacher, notify, stopWait, Lvm.system());
    }

    /**
     * @param lookup reads any stored target (for {@code login} of a target that is not automatic)
     * @param lvm runs the vgchange and pvs commands for the targets' volume groups
     */
    public Daemon(Supplier<List<StoredTarget>> automatic, java.util.function.Function<IscsiName,
            Optional<StoredTarget>> lookup, TargetAttacher attacher, SdNotify notify, Duration stopWait, Lvm lvm) {
        this.lvm = lvm;
        this.automatic = automatic;
        this.lookup = lookup;
        this.attacher = attacher;
        this.stopWait = stopWait;
        this.notifier = new DaemonNotifier(notify, this::statusLine);
    }

    public synchronized State state() {
        return state.state();
    }

    private synchronized void transition(State to, String reason) {
        if (!state.is(to)) {
            state.moveTo(to, reason);
        }
    }

    /** The attached targets, in attach order. */
    public List<AttachedTarget> targets() {
        return book.attached();
    }

    /** {@code vg NAME STATE[: reason]} for each volume group configured for an attached target. */
    public List<String> volumeGroupLines(IscsiName target) {
        return book.volumeGroupsOf(target).map(TargetVolumeGroups::lines).orElse(List.of());
    }

    /** The volume groups configured for an attached target, for {@code status json} (name, state, reason). */
    public List<Map<String, Object>> volumeGroupStates(IscsiName target) {
        return book.volumeGroupsOf(target).map(TargetVolumeGroups::json).orElse(List.of());
    }

    /** The targets with a {@code lunbridge fsck} running ({@link DaemonFsck}): not detached meanwhile. */
    FsckClaims fscks() {
        return fscks;
    }

    /** The automatic targets that are not attached, with why. */
    public Map<IscsiName, String> failedTargets() {
        return book.failed();
    }

    /** Queues a signal ("SIGHUP", "SIGTERM", "SIGINT") for {@link #run()}; safe from any thread. */
    public void signal(String name) {
        events.signal(name);
    }

    /**
     * iSNS shows {@code name} newly (an SCN, or the first query): queues one event for the main
     * thread, which attaches it as at start when the store marks it automatic and it is not attached
     * ({@link IsnsAppearance}). Safe from any thread (the iSNS client's event loop).
     */
    public void isnsVisible(IscsiName name) {
        events.post("iSNS shows " + name.value(), () -> IsnsAppearance.handle(this, name));
    }

    /** Attaches one stored automatic target exactly as start does (main thread only). */
    void attachAutomatic(StoredTarget t) {
        apply(new ReloadPlan(List.of(), List.of(t), List.of()));
    }

    /** Whether {@code name} was attached by a control request (login, attach), not from the store. */
    public boolean attachedOnRequest(IscsiName name) {
        return book.onRequest(name);
    }

    /** Whether {@code name} is attached without being in the store ({@code login IQN --portal}). */
    public boolean attachedUnstored(IscsiName name) {
        return book.unstored(name);
    }

    /**
     * Has the main thread carry out {@code work} (a login, a logout: every attach and detach happens
     * there) and waits for its answer; refused at once while the daemon stops. Called by control-socket
     * threads.
     */
    public io.lunbridge.app.control.ControlReply submit(String what, Supplier<io.lunbridge.app.control.ControlReply> work) {
        return events.submit(what, work);
    }

    /** The stored record of {@code name}, read now (main thread). */
    Optional<StoredTarget> stored(IscsiName name) {
        return lookup.apply(name);
    }

    /** The attached target named {@code name}, if any. */
    public Optional<AttachedTarget> target(IscsiName name) {
        return book.find(name);
    }

    /**
     * Attaches {@code t} now (main thread only): {@code requested} when a control request asked
     * (reloads then leave it alone), else as an automatic target.
     */
    AttachedTarget attachNow(StoredTarget t, boolean requested) throws Exception {
        return attachNow(t, requested, Optional.empty(), true);
    }

    /**
     * As above, through {@code through}'s portal when given; {@code stored}: whether {@code t} is the
     * store's record (status shows a target logged in through a portal and not stored as such).
     */
    AttachedTarget attachNow(StoredTarget t, boolean requested, Optional<PortalLogin> through, boolean stored)
            throws Exception {
        AttachedTarget a = through.isPresent() ? attacher.attach(t, through.get()) : attacher.attach(t);
        book.add(a, requested, stored);
        LOG.info("target {} attached{}: {}", t.name(), requested ? " on request" : "", a.devices());
        TargetVolumeGroups vgs = new TargetVolumeGroups(t.name(), t.volumeGroups(), lvm);
        book.volumeGroups(t.name(), vgs);
        try {
            vgs.activate(a.devices());
        } catch (RuntimeException e) {
            // the target is attached whatever LVM does; the VGs it reached keep their state
            LOG.error("target {}: volume group activation stopped: {}", t.name(), e.toString());
        }
        return a;
    }

    /** {@code 2 devices, 0 queueing}: what STATUS= says. */
    public String statusLine() {
        return book.count().line();
    }

    /**
     * Attaches, serves until SIGTERM or SIGINT (applying SIGHUP reloads on the way), detaches and
     * logs out.
     *
     * @return the exit status: 0
     */
    public int run() throws InterruptedException {
        MainLoopWatchdog watchdog = notifier.watchdog();
        try {
            watchdog.alive();
            transition(State.ATTACHING, "starting: logging in to the targets marked startup=automatic");
            apply(ReloadPlan.between(List.of(), readStore().orElse(List.of())));
            ready("every automatic target handled");
            while (true) {
                watchdog.alive();
                DaemonEvents.Event event = events.poll(watchdog.waitAtMost(STATUS_REFRESH));
                if (event == null) {
                    notifier.refresh();
                } else if (event instanceof DaemonEvents.Request r) {
                    r.carryOut();
                    notifier.refresh();
                } else if (((DaemonEvents.Signal) event).name().equals("SIGHUP")) {
                    reload();
                } else {
                    stop(((DaemonEvents.Signal) event).name());
                    return 0;
                }
            }
        } finally {
            if (state() != State.STOPPED) {
                abandon();
            }
            events.refuseQueued();
        }
    }

    /**
     * The main loop failed (an unexpected exception): the process is about to exit, and with it the
     * FUSE server of every disk, so each target is detached now (forced, in reverse order) and logged
     * out rather than left as loop devices over a dead FUSE file and sessions nobody ends.
     */
    private void abandon() {
        LOG.error("daemon main loop ended unexpectedly in state {}: detaching every target (forced) before exit",
                state());
        List<AttachedTarget> order = new ArrayList<>(targets());
        java.util.Collections.reverse(order);
        for (AttachedTarget t : order) {
            try {
                detach(t, true);
            } catch (RuntimeException e) {
                LOG.error("target {}: detach failed: {}", t.stored().name(), e.toString());
            }
        }
        transition(State.STOPPED, "main loop failed; targets detached");
    }

    private void reload() {
        transition(State.RELOADING, "SIGHUP: re-reading the store");
        notifier.reloading();
        Optional<List<StoredTarget>> wanted = readStore();
        if (wanted.isEmpty()) {
            ready("reload failed, the store is unreadable: nothing changed");
            return;
        }
        List<IscsiName> requested = book.requested();
        // targets logged in on request are not the store's to change: left alone by the plan
        ReloadPlan plan = ReloadPlan.between(targets().stream().map(AttachedTarget::stored)
                .filter(t -> !requested.contains(t.name())).toList(),
                wanted.get().stream().filter(t -> !requested.contains(t.name())).toList());
        book.keepFailures(plan.attach().stream().map(StoredTarget::name).toList());
        apply(plan);
        ready("reload applied: " + plan.describe());
    }

    private Optional<List<StoredTarget>> readStore() {
        try {
            return Optional.of(automatic.get());
        } catch (RuntimeException e) {
            LOG.error("cannot read the automatic targets from the store: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Detaches what the plan removes (newest first; a target in use stays), then attaches what it adds. */
    private void apply(ReloadPlan plan) {
        new PlanApplier(this, book).apply(plan);
    }

    /**
     * Deactivates the volume groups the daemon activated on {@code t}'s disks, so that their LVs no
     * longer hold the disks; a VG that cannot be deactivated (an LV mounted) stays active and shows
     * up in {@link AttachedTarget#uses()} as the holder.
     *
     * @return true when none is left active
     */
    boolean releaseVolumeGroups(AttachedTarget t) {
        return volumeGroupsOf(t).map(TargetVolumeGroups::deactivate).orElse(true);
    }

    /** Activates again what {@link #releaseVolumeGroups} deactivated, for a target that stays attached. */
    void reactivateVolumeGroups(AttachedTarget t) {
        volumeGroupsOf(t).ifPresent(v -> v.reactivate(t.devices()));
    }

    private Optional<TargetVolumeGroups> volumeGroupsOf(AttachedTarget t) {
        return book.volumeGroupsOf(t.stored().name());
    }

    /** Deactivates its volume groups, detaches one target and forgets it. */
    void detach(AttachedTarget t, boolean force) {
        detachNow(t, force);
    }

    /** Deactivates its volume groups, detaches one target and forgets it (main thread only); returns the steps' sentences. */
    List<String> detachNow(AttachedTarget t, boolean force) {
        releaseVolumeGroups(t);
        List<String> lines = t.detach(force);
        for (String line : lines) {
            LOG.info("target {}: {}", t.stored().name(), line);
        }
        book.forget(t);
        return lines;
    }

    /** The volume groups configured for {@code t} with a PV on {@code device}, as {@code VG (PV PATH)}. */
    List<String> volumeGroupsOn(AttachedTarget t, java.nio.file.Path device) {
        return volumeGroupsOf(t).map(v -> v.groupsOn(device)).orElse(List.of());
    }

    /** Detaches one LUN's device of {@code t}, the session and other LUNs kept (main thread only). */
    List<String> detachLun(AttachedTarget t, int lun, boolean force) {
        List<String> lines = t.detachLun(lun, force);
        lines.forEach(line -> LOG.info("target {} LUN {}: {}", t.stored().name(), lun, line));
        return lines;
    }

    /**
     * Hands one target's devices over to the next daemon (they stay configured) and forgets it
     * entirely: attachment, volume groups and "on request" mark.
     */
    void handOver(AttachedTarget t) {
        for (String line : t.handOver()) {
            LOG.warn("target {}: {}", t.stored().name(), line);
        }
        book.forget(t);
    }

    private void stop(String signal) throws InterruptedException {
        transition(State.STOPPING, signal + " received: detaching in reverse attach order");
        notifier.stopping();
        List<AttachedTarget> order = new ArrayList<>(targets());
        java.util.Collections.reverse(order);
        new Teardown(this, events, stopWait).run(order);
        transition(State.STOPPED, "every target detached or handed over, and logged out");
    }

    private void ready(String reason) {
        transition(State.READY, reason);
        notifier.ready();
    }
}
