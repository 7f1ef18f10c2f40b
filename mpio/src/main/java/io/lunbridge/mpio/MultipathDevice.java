package io.lunbridge.mpio;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.Geometry;
import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.lu.LunInfo;
import io.lunbridge.protocol.recovery.FailureClassifier;
import io.lunbridge.protocol.recovery.Recovery;
import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.ScsiResult;
import io.lunbridge.protocol.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A LUN over one or more paths, as a {@link BlockDevice}. Block I/O is mapped to SCSI by a
 * {@link LogicalUnit} whose transport is this device: each command goes to the path the selector
 * picks; a command that failed by transport (connection lost, aborted, session dropped or logging
 * out, ALUA standby) is issued again, unchanged but for the path's LUN number, on another usable
 * path as a new task, and the caller sees one completion. With no usable path, commands queue for
 * the replacement timeout (state QUEUEING), then fail with EIO (state FAILED) until a path is back.
 *
 * <p>A write completes only when a target acknowledged it. {@link #flush()} waits until every
 * write, discard and zero-write that was in flight when it was called has completed (including
 * re-issued ones), then sends SYNCHRONIZE CACHE.
 *
 * <p><b>Threading.</b> All path and queue state is owned by the target's event loop (the loop of
 * every session of the device); public methods may be called from any thread and hop onto it.
 *
 * <p><b>Buffers.</b> As {@link BlockDevice}: write data passed in is owned by the device; a command's
 * write data is borrowed from the logical unit while this device re-issues it.
 */
public final class MultipathDevice implements BlockDevice {
    private static final Logger LOG = LogManager.getLogger(MultipathDevice.class);
    /** Re-issues of one command before it fails (paths flapping faster than commands complete). */
    static final int MAX_ATTEMPTS = 64;

    private final String name;
    private final LunInfo info;
    private final EventLoop loop;
    private final LongSupplier clock;
    private final List<LunPath> paths = new ArrayList<>();
    /** The usable paths of the command being dispatched: one list reused per command (loop only). */
    private final List<LunPath> candidates = new ArrayList<>();
    private final PathSelector selector;
    private final LogicalUnit unit;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<CompletableFuture<Void>> writesInFlight = ConcurrentHashMap.newKeySet();
    private final Failback failback;
    private volatile ReplacementTimeout timeout;
    private volatile DeviceState state = DeviceState.RUNNING;
    private String stateReason;
    private long queueingSinceNanos;
    private ScheduledFuture<?> expiry;
    private long ioFailureEpisodes;
    private long failovers;

    /** One command on its way, across attempts. */
    private static final class Pending {
        final ScsiRequest request;
        final CompletableFuture<ScsiResult> future = new CompletableFuture<>();
        int attempts;

        Pending(ScsiRequest request) {
            this.request = request;
        }
    }

    MultipathDevice(String name, LunInfo info, EventLoop loop, MpioSettings settings, LongSupplier clock) {
        this.name = name;
        this.info = info;
        this.loop = loop;
        this.clock = clock;
        this.failback = settings.failback();
        this.selector = new PathSelector(settings.policy(), settings.failback());
        this.timeout = settings.replacementTimeout();
        this.unit = LogicalUnit.over(this::execute, info);
    }

    /** The export name (IQN/lunN). */
    public String name() {
        return name;
    }

    /** Identity, inquiry data and limits found through the first path. */
    public LunInfo info() {
        return info;
    }

    /** The loop that owns the device (exporters run their connections on it: no thread hops). */
    public EventLoop eventLoop() {
        return loop;
    }

    /** The replacement timeout now in force (see {@link #setReplacementTimeout}). */
    public ReplacementTimeout replacementTimeout() {
        return timeout;
    }

    /** The current state (advisory when read off the loop). */
    public DeviceState state() {
        return state;
    }

    // ------------------------------------------------------------------ BlockDevice

    @Override
    public Geometry geometry() {
        return unit.geometry();
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return unit.read(offset, length);
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        return tracked(unit.write(offset, data, fua));
    }

    @Override
    public CompletableFuture<Void> flush() {
        CompletableFuture<?>[] covered = writesInFlight.toArray(new CompletableFuture<?>[0]);
        if (covered.length == 0) {
            return unit.flush();
        }
        return CompletableFuture.allOf(covered).handle((v, e) -> null).thenCompose(v -> unit.flush());
    }

    @Override
    public CompletableFuture<Void> discard(long offset, long length) {
        return tracked(unit.discard(offset, length));
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
        return tracked(unit.writeZeroes(offset, length, mayUnmap, fua));
    }

    @Override
    public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
        return unit.blockStatus(offset, length);
    }

    private CompletableFuture<Void> tracked(CompletableFuture<Void> f) {
        if (!f.isDone()) {
            writesInFlight.add(f);
            f.whenComplete((v, e) -> writesInFlight.remove(f));
        }
        return f;
    }

    // ------------------------------------------------------------------ the transport of the logical unit

    private CompletableFuture<ScsiResult> execute(ScsiRequest request) {
        Pending p = new Pending(request);
        if (loop.inEventLoop()) {
            dispatch(p);
        } else {
            try {
                loop.execute(() -> dispatch(p));
            } catch (RejectedExecutionException e) {
                p.future.completeExceptionally(new NoPathException("device " + name + " is closed"));
            }
        }
        return p.future;
    }

    private void dispatch(Pending p) {
        if (state == DeviceState.CLOSED) {
            p.future.completeExceptionally(new NoPathException("device " + name + " is closed"));
            return;
        }
        LunPath path = choose();
        if (path == null) {
            noPath(p);
            return;
        }
        send(p, path);
    }

    private LunPath choose() {
        // per command: fills the one reused list instead of allocating (the selector does not keep it)
        fill(candidates, PathState.ACTIVE);
        if (candidates.isEmpty()) {
            fill(candidates, PathState.STANDBY);
        }
        LunPath chosen = selector.choose(candidates, clock.getAsLong());
        candidates.clear();
        return chosen;
    }

    private void fill(List<LunPath> list, PathState wanted) {
        list.clear();
        for (LunPath p : paths) {
            if (p.state() == wanted && p.session() != null) {
                list.add(p);
            }
        }
    }

    private List<LunPath> usable(PathState wanted) {
        List<LunPath> list = new ArrayList<>(paths.size());
        fill(list, wanted);
        return list;
    }

    private void send(Pending p, LunPath path) {
        Session session = path.session();
        ScsiRequest r = p.request;
        ScsiRequest onPath = path.lun.raw() == r.lun() ? r
                : new ScsiRequest(path.lun.raw(), r.cdb(), r.direction(), r.expectedLength(), r.writeData(), r.description());
        int bytes = r.expectedLength();
        path.counters().started(bytes);
        p.attempts++;
        session.execute(onPath).whenComplete((result, error) -> {
            if (loop.inEventLoop()) {
                completed(p, path, bytes, result, error);
            } else {
                loop.execute(() -> completed(p, path, bytes, result, error));
            }
        });
    }

    private void completed(Pending p, LunPath path, int bytes, ScsiResult result, Throwable error) {
        path.counters().ended(bytes);
        if (error != null) {
            if (FailureClassifier.classify(error) == Recovery.RETRY_OTHER_PATH && p.attempts < MAX_ATTEMPTS
                    && state != DeviceState.CLOSED) {
                reissue(p, path, Nexus.describe(error));
                return;
            }
            p.future.completeExceptionally(error);
            return;
        }
        if (!result.good() && FailureClassifier.classify(result) == Recovery.RETRY_OTHER_PATH
                && p.attempts < MAX_ATTEMPTS) {
            result.data().release();
            path.transition(PathState.STANDBY, "the target port group is in ALUA standby or unavailable",
                    clock.getAsLong());
            pathsChanged();
            reissue(p, path, "target port group unusable");
            return;
        }
        p.future.complete(result);
    }

    private void reissue(Pending p, LunPath failed, String why) {
        failovers++;
        failed.counters().reissued++;
        LOG.debug("device {}: {} re-issued after {} on {}", name, p.request.description(), why, failed.id());
        dispatch(p);
    }

    private void noPath(Pending p) {
        if (state == DeviceState.FAILED || timeout.limit().map(d -> d.isZero()).orElse(false)) {
            p.future.completeExceptionally(new NoPathException(failedMessage()));
            return;
        }
        enterQueueing("no usable path");
        queue.add(p);
    }

    private String failedMessage() {
        return "no usable path to " + name + (timeout.forever() ? "" : " within the replacement timeout of "
                + timeout.limit().get().toSeconds() + " s") + (stateReason == null ? "" : " (" + stateReason + ")");
    }

    // ------------------------------------------------------------------ paths and states (event loop)

    void addPath(LunPath path) {
        paths.add(path);
        reorder();
    }

    /** Orders paths by ALUA priority (best first), then by the order they were given. */
    void reorder() {
        paths.sort(Comparator.comparingInt((LunPath lp) -> -lp.aluaPriority()).thenComparingInt(lp -> lp.priority));
    }

    List<LunPath> paths() {
        return paths;
    }

    /** Re-evaluates the device state after any path changed state. */
    void pathsChanged() {
        boolean any = !usable(PathState.ACTIVE).isEmpty() || !usable(PathState.STANDBY).isEmpty();
        if (any) {
            if (state == DeviceState.QUEUEING || state == DeviceState.FAILED) {
                transition(DeviceState.RUNNING, "path " + choosePreview() + " is usable");
                cancelExpiry();
                ArrayDeque<Pending> waiting = new ArrayDeque<>(queue);
                queue.clear();
                for (Pending p : waiting) {
                    dispatch(p);
                }
            }
        } else if (state == DeviceState.RUNNING) {
            enterQueueing("every path is down: " + reasons());
        }
    }

    private String choosePreview() {
        List<LunPath> a = usable(PathState.ACTIVE);
        return (a.isEmpty() ? usable(PathState.STANDBY) : a).get(0).id();
    }

    private String reasons() {
        List<String> r = new ArrayList<>();
        for (LunPath p : paths) {
            r.add(p.id() + " " + p.state() + (p.reason() == null ? "" : " (" + p.reason() + ")"));
        }
        return String.join("; ", r);
    }

    private void enterQueueing(String why) {
        if (state != DeviceState.RUNNING) {
            return;
        }
        if (timeout.limit().map(d -> d.isZero()).orElse(false)) {
            transition(DeviceState.FAILED, why + "; the replacement timeout is 0: I/O fails at once");
            ioFailureEpisodes++;
            return;
        }
        transition(DeviceState.QUEUEING, why + "; I/O queues " + (timeout.forever() ? "until a path is back"
                : "for up to " + timeout.limit().get().toSeconds() + " s"));
        queueingSinceNanos = clock.getAsLong();
        scheduleExpiry();
    }

    private void scheduleExpiry() {
        cancelExpiry();
        if (timeout.forever()) {
            return;
        }
        long left = queueingSinceNanos + timeout.limit().get().toNanos() - clock.getAsLong();
        expiry = loop.schedule(this::expire, Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void expire() {
        if (state != DeviceState.QUEUEING) {
            return;
        }
        if (!timeout.forever()) {
            long left = queueingSinceNanos + timeout.limit().get().toNanos() - clock.getAsLong();
            if (left > 0) {
                scheduleExpiry();
                return;
            }
        }
        transition(DeviceState.FAILED, "no usable path for " + timeout + " s (replacement timeout): "
                + queue.size() + " queued command(s) and new I/O fail with EIO until a path is back");
        ioFailureEpisodes++;
        ArrayDeque<Pending> failed = new ArrayDeque<>(queue);
        queue.clear();
        for (Pending p : failed) {
            p.future.completeExceptionally(new NoPathException(failedMessage()));
        }
    }

    /** Changes the replacement timeout of a running device (a queueing device keeps its start time). */
    public CompletableFuture<Void> setReplacementTimeout(ReplacementTimeout t) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            LOG.info("device {}: replacement timeout {} -> {}", name, timeout, t);
            timeout = t;
            if (state == DeviceState.QUEUEING) {
                if (t.limit().map(d -> d.isZero()).orElse(false)) {
                    expire();
                } else {
                    scheduleExpiry();
                }
            }
            done.complete(null);
        });
        return done;
    }

    private void transition(DeviceState next, String why) {
        if (!state.canMoveTo(next)) {
            return;
        }
        LOG.info("device {}: {} -> {} ({})", name, state, next, why);
        state = next;
        stateReason = next == DeviceState.RUNNING ? null : why;
    }

    /** Fails queued commands and refuses new ones (the owner closes the sessions afterwards). */
    void close() {
        cancelExpiry();
        transition(DeviceState.CLOSED, "closed");
        ArrayDeque<Pending> failed = new ArrayDeque<>(queue);
        queue.clear();
        for (Pending p : failed) {
            p.future.completeExceptionally(new NoPathException("device " + name + " is closed"));
        }
    }

    /** A snapshot for {@code status}, taken on the loop. */
    public CompletableFuture<DeviceStatus> status() {
        CompletableFuture<DeviceStatus> f = new CompletableFuture<>();
        Runnable take = () -> f.complete(snapshot());
        if (loop.inEventLoop()) {
            take.run();
        } else {
            loop.execute(take);
        }
        return f;
    }

    /**
     * Why a path is not ACTIVE: while its nexus is down, the nexus' latest reason (a failed re-login
     * says why, e.g. an authentication failure), else the path's own.
     */
    private static String reasonOf(LunPath p) {
        if (p.state() == PathState.ACTIVE) {
            return null;
        }
        if (p.state() == PathState.FAILED && p.session() == null && p.nexus.reason() != null) {
            String loss = p.reason();
            String now = p.nexus.reason();
            return loss == null || loss.equals(now) ? now : now + " (lost: " + loss + ")";
        }
        return p.reason();
    }

    private DeviceStatus snapshot() {
        List<PathStatus> ps = new ArrayList<>();
        PathSelector.Candidate current = selector.current();
        for (LunPath p : paths) {
            Session s = p.session();
            PathEndpoint e = p.nexus.endpoint();
            ps.add(new PathStatus(p.id(), e.netdev(), e.portal(), p.lun.toString(), p.state(),
                    reasonOf(p),
                    String.format("%012x", p.nexus.isid()), s == null ? 0 : s.tsih(), p.counters().failures,
                    p.counters().inFlight, selector.policy() == SelectorPolicy.FAILOVER && current == p
                    && (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY), p.lastChange()));
        }
        Double left = null;
        if (state == DeviceState.QUEUEING && !timeout.forever()) {
            long nanos = queueingSinceNanos + timeout.limit().get().toNanos() - clock.getAsLong();
            left = Math.max(0, nanos) / 1e9;
        }
        return new DeviceStatus(name, info.identity().orElse(null), info.vendor() + "," + info.product(),
                info.geometry().sizeBytes(), state, stateReason, left, timeout.toString(), selector.policy().text(),
                failback.toString(), ioFailureEpisodes, failovers, ps);
    }
}
