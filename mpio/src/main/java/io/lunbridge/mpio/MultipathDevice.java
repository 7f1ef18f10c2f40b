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
import io.lunbridge.state.StateMachine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
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
 * re-issued ones), then sends SYNCHRONIZE CACHE ({@link FlushBarrier}). The paths are a
 * {@link DevicePaths}, the failed-I/O reports a {@link FailureEpisode}.
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
    private final DevicePaths paths = new DevicePaths();
    /** The usable paths of the command being dispatched: one list reused per command (loop only). */
    private final List<LunPath> candidates = new ArrayList<>();
    private final PathSelector selector;
    private final LogicalUnit unit;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final FlushBarrier barrier = new FlushBarrier();
    private final Failback failback;
    private volatile ReplacementTimeout timeout;
    private final StateMachine<DeviceState> state;
    private String stateReason;
    private final QueueingDeadline deadline;
    private long ioFailureEpisodes;
    private long failovers;
    private final FailureEpisode episode;

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
        this.episode = new FailureEpisode(name);
        this.state = new StateMachine<>("device " + name, DeviceState.RUNNING, LOG);
        this.deadline = new QueueingDeadline(loop, clock);
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

    /**
     * Who is told about I/O failed with EIO for lack of a path (see {@link IoFailure}); set it before
     * the device carries I/O. The listener runs on the event loop and must not block.
     */
    public void onIoFailure(IoFailureListener listener) {
        episode.listener(listener);
    }

    /** The current state (advisory when read off the loop). */
    public DeviceState state() {
        return state.state();
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
        return barrier.flushAfterWrites(unit::flush);
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
        return barrier.tracked(f);
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
        if (state.state() == DeviceState.CLOSED) {
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
        paths.fill(candidates, PathState.ACTIVE);
        if (candidates.isEmpty()) {
            paths.fill(candidates, PathState.STANDBY);
        }
        LunPath chosen = selector.choose(candidates, clock.getAsLong());
        candidates.clear();
        return chosen;
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
                    && state.state() != DeviceState.CLOSED) {
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
        enterQueueing("no usable path"); // RUNNING -> QUEUEING, or FAILED at once with a zero timeout
        if (state.state() == DeviceState.FAILED) {
            failNoPath(List.of(p));
            return;
        }
        queue.add(p);
    }

    /** Fails {@code failed} with EIO (state FAILED) and counts them into the episode, reporting its start. */
    private void failNoPath(java.util.Collection<Pending> failed) {
        String message = failedMessage();
        for (Pending p : failed) {
            p.future.completeExceptionally(new NoPathException(message));
        }
        episode.failed(failed.size(), timeout.limit().map(d -> d.isZero()).orElse(false)
                ? "no usable path and the replacement timeout is 0" : "replacement timeout expired");
    }

    private String failedMessage() {
        return "no usable path to " + name + (timeout.forever() ? "" : " within the replacement timeout of "
                + timeout.limit().get().toSeconds() + " s") + (stateReason == null ? "" : " (" + stateReason + ")");
    }

    // ------------------------------------------------------------------ paths and states (event loop)

    void addPath(LunPath path) {
        paths.add(path);
    }

    /** Orders paths by ALUA priority (best first), then by the order they were given. */
    void reorder() {
        paths.reorder();
    }

    List<LunPath> paths() {
        return paths.all();
    }

    /** Re-evaluates the device state after any path changed state. */
    void pathsChanged() {
        if (paths.anyUsable()) {
            if (state.state() == DeviceState.QUEUEING || state.state() == DeviceState.FAILED) {
                transition(DeviceState.RUNNING, "path " + paths.preview() + " is usable");
                deadline.cancel();
                ArrayDeque<Pending> waiting = new ArrayDeque<>(queue);
                queue.clear();
                for (Pending p : waiting) {
                    dispatch(p);
                }
            }
        } else if (state.state() == DeviceState.RUNNING) {
            enterQueueing("every path is down: " + paths.reasons());
        }
    }

    private void enterQueueing(String why) {
        if (state.state() != DeviceState.RUNNING) {
            return;
        }
        if (timeout.limit().map(d -> d.isZero()).orElse(false)) {
            transition(DeviceState.FAILED, why + "; the replacement timeout is 0: I/O fails at once");
            ioFailureEpisodes++;
            return;
        }
        transition(DeviceState.QUEUEING, why + "; I/O queues " + (timeout.forever() ? "until a path is back"
                : "for up to " + timeout.limit().get().toSeconds() + " s"));
        deadline.start();
        deadline.schedule(timeout, this::expire);
    }

    private void expire() {
        if (state.state() != DeviceState.QUEUEING) {
            return;
        }
        if (!timeout.forever() && deadline.remainingNanos(timeout) > 0) {
            deadline.schedule(timeout, this::expire);
            return;
        }
        transition(DeviceState.FAILED, "no usable path for " + timeout + " s (replacement timeout): "
                + queue.size() + " queued command(s) and new I/O fail with EIO until a path is back");
        ioFailureEpisodes++;
        ArrayDeque<Pending> failed = new ArrayDeque<>(queue);
        queue.clear();
        failNoPath(failed);
    }

    /** Changes the replacement timeout of a running device (a queueing device keeps its start time). */
    public CompletableFuture<Void> setReplacementTimeout(ReplacementTimeout t) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            LOG.info("device {}: replacement timeout {} -> {}", name, timeout, t);
            timeout = t;
            if (state.state() == DeviceState.QUEUEING) {
                if (t.limit().map(d -> d.isZero()).orElse(false)) {
                    expire();
                } else {
                    deadline.schedule(timeout, this::expire);
                }
            }
            done.complete(null);
        });
        return done;
    }

    /**
     * Switches queue-forever off (multipathd's {@code disablequeueing}): a device whose replacement
     * timeout is {@code queue} gets 0, so queued and later I/O without a path fails with EIO at once;
     * a device with a finite timeout is left alone, since its wait already ends. Run on the loop, so
     * it cannot race a concurrent {@link #setReplacementTimeout}.
     *
     * @return completes with true when this device was queueing forever and now is not
     */
    public CompletableFuture<Boolean> disableQueueing() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (!timeout.forever()) {
                done.complete(false);
                return;
            }
            LOG.info("device {}: queueing disabled, replacement timeout queue -> 0", name);
            timeout = ReplacementTimeout.ofSeconds(0);
            if (state.state() == DeviceState.QUEUEING) {
                expire();
            }
            done.complete(true);
        });
        return done;
    }

    private void transition(DeviceState next, String why) {
        boolean leavesFailed = state.state() == DeviceState.FAILED;
        if (!state.moveToIfAllowed(next, why)) {
            return;
        }
        stateReason = next == DeviceState.RUNNING ? null : why;
        if (leavesFailed) {
            episode.end();
        }
    }

    /** Fails queued commands and refuses new ones (the owner closes the sessions afterwards). */
    void close() {
        deadline.cancel();
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

    private DeviceStatus snapshot() {
        List<PathStatus> ps = new ArrayList<>();
        PathSelector.Candidate current = selector.current();
        for (LunPath p : paths.all()) {
            ps.add(p.status(selector.policy() == SelectorPolicy.FAILOVER && current == p));
        }
        Double left = null;
        if (state.state() == DeviceState.QUEUEING && !timeout.forever()) {
            left = Math.max(0, deadline.remainingNanos(timeout)) / 1e9;
        }
        return new DeviceStatus(name, info.identity().orElse(null), info.vendor() + "," + info.product(),
                info.geometry().sizeBytes(), state.state(), stateReason, left, timeout.toString(), selector.policy().text(),
                failback.toString(), ioFailureEpisodes, failovers, ps);
    }
}
