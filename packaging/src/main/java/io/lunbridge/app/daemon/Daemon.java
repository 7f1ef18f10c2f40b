package io.lunbridge.app.daemon;

import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * INFO with its reason. Signals only queue an event: one thread ({@link #run()}) does every attach
 * and detach; control-socket threads read {@link #targets()}.
 */
public final class Daemon {
    private static final Logger LOG = LogManager.getLogger(Daemon.class);
    /** How often STATUS= is recomputed (sent only when it changed). */
    private static final Duration STATUS_REFRESH = Duration.ofSeconds(5);

    /** Where the daemon is. */
    public enum State {
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
        STOPPED
    }

    private final Supplier<List<StoredTarget>> automatic;
    private final TargetAttacher attacher;
    private final SdNotify notify;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<AttachedTarget> attached = new ArrayList<>();
    private final Map<IscsiName, String> failed = new LinkedHashMap<>();
    /**
     * The default wait for a disk in use at stop: below the unit's TimeoutStopSec (150 s), so that
     * the daemon's own fenced detach and logout come before systemd's SIGKILL.
     */
    public static final Duration DEFAULT_STOP_WAIT = Duration.ofSeconds(120);

    private final Duration stopWait;
    private State state = State.STARTING;
    private String lastStatus = "";

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
        this.automatic = automatic;
        this.attacher = attacher;
        this.notify = notify;
        this.stopWait = stopWait;
    }

    public synchronized State state() {
        return state;
    }

    private synchronized void transition(State to, String reason) {
        if (state == to) {
            return;
        }
        LOG.info("daemon {} -> {}: {}", state, to, reason);
        state = to;
    }

    /** The attached targets, in attach order. */
    public synchronized List<AttachedTarget> targets() {
        return List.copyOf(attached);
    }

    /** The automatic targets that are not attached, with why. */
    public synchronized Map<IscsiName, String> failedTargets() {
        return Map.copyOf(failed);
    }

    /** Queues a signal ("SIGHUP", "SIGTERM", "SIGINT") for {@link #run()}; safe from any thread. */
    public void signal(String name) {
        events.offer(name);
    }

    /** {@code 2 devices, 0 queueing}: what STATUS= says. */
    public String statusLine() {
        List<MultipathDevice> units = new ArrayList<>();
        int failures;
        synchronized (this) {
            attached.forEach(t -> units.addAll(t.units()));
            failures = failed.size();
        }
        return DeviceCount.of(units, failures).line();
    }

    /**
     * Attaches, serves until SIGTERM or SIGINT (applying SIGHUP reloads on the way), detaches and
     * logs out.
     *
     * @return the exit status: 0
     */
    public int run() throws InterruptedException {
        ScheduledExecutorService watchdog = startWatchdog();
        try {
            transition(State.ATTACHING, "starting: logging in to the targets marked startup=automatic");
            apply(ReloadPlan.between(List.of(), readStore().orElse(List.of())));
            ready("every automatic target handled");
            while (true) {
                String event = events.poll(STATUS_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    refreshStatus();
                } else if (event.equals("SIGHUP")) {
                    reload();
                } else {
                    stop(event);
                    return 0;
                }
            }
        } finally {
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            if (state() != State.STOPPED) {
                abandon();
            }
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
        tell(notify::reloading);
        Optional<List<StoredTarget>> wanted = readStore();
        if (wanted.isEmpty()) {
            ready("reload failed, the store is unreadable: nothing changed");
            return;
        }
        ReloadPlan plan = ReloadPlan.between(targets().stream().map(AttachedTarget::stored).toList(), wanted.get());
        synchronized (this) {
            failed.keySet().retainAll(plan.attach().stream().map(StoredTarget::name).toList());
        }
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
        List<AttachedTarget> going = new ArrayList<>();
        for (AttachedTarget t : targets()) {
            if (plan.detach().contains(t.stored().name())) {
                going.add(0, t);
            }
        }
        List<IscsiName> kept = new ArrayList<>();
        for (AttachedTarget t : going) {
            List<String> uses = t.uses();
            if (!uses.isEmpty()) {
                LOG.warn("target {} is no longer automatic or was changed, but stays attached while {}; unmount or "
                        + "close it and reload again", t.stored().name(), String.join("; ", uses));
                kept.add(t.stored().name());
                continue;
            }
            detach(t, false);
        }
        for (StoredTarget t : plan.attach()) {
            if (kept.contains(t.name())) {
                continue;
            }
            try {
                AttachedTarget a = attacher.attach(t);
                synchronized (this) {
                    attached.add(a);
                    failed.remove(t.name());
                }
                LOG.info("target {} attached: {}", t.name(), a.devices());
            } catch (Exception e) {
                // an interrupted attach is a failed attach like any other: retried at the next reload
                LOG.error("target {} not attached: {}", t.name(), e.getMessage());
                synchronized (this) {
                    failed.put(t.name(), String.valueOf(e.getMessage()));
                }
            }
        }
    }

    /** Detaches one target and forgets it. */
    void detach(AttachedTarget t, boolean force) {
        for (String line : t.detach(force)) {
            LOG.info("target {}: {}", t.stored().name(), line);
        }
        synchronized (this) {
            attached.remove(t);
        }
    }

    /** Hands one target's devices over to the next daemon (they stay configured) and forgets it. */
    void handOver(AttachedTarget t) {
        for (String line : t.handOver()) {
            LOG.warn("target {}: {}", t.stored().name(), line);
        }
        synchronized (this) {
            attached.remove(t);
        }
    }

    private void stop(String signal) throws InterruptedException {
        transition(State.STOPPING, signal + " received: detaching in reverse attach order");
        tell(() -> notify.stopping("stopping: detaching " + statusLine()));
        List<AttachedTarget> order = new ArrayList<>(targets());
        java.util.Collections.reverse(order);
        new Teardown(this, events, stopWait).run(order);
        transition(State.STOPPED, "every target detached or handed over, and logged out");
    }

    private void ready(String reason) {
        transition(State.READY, reason);
        String status = statusLine();
        synchronized (this) {
            lastStatus = status;
        }
        tell(() -> notify.ready(status));
    }

    private void refreshStatus() {
        String status = statusLine();
        synchronized (this) {
            if (status.equals(lastStatus)) {
                return;
            }
            lastStatus = status;
        }
        LOG.info("status: {}", status);
        tell(() -> notify.status(status));
    }

    private ScheduledExecutorService startWatchdog() {
        Optional<Duration> every = notify.watchdogInterval();
        if (every.isEmpty() || !notify.enabled()) {
            return null;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lunbridge-watchdog");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, every.get().toMillis());
        s.scheduleAtFixedRate(() -> tell(notify::watchdog), 0, ms, TimeUnit.MILLISECONDS);
        LOG.info("systemd watchdog: WATCHDOG=1 every {} ms", ms);
        return s;
    }

    /** One notify message; a failure is logged, never fatal (systemd may be gone at shutdown). */
    private static void tell(NotifyCall call) {
        try {
            call.send();
        } catch (IOException e) {
            LOG.warn("sd_notify: {}", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface NotifyCall {
        void send() throws IOException;
    }
}
