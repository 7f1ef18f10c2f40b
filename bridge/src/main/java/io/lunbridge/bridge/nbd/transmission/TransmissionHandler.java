package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockDevice.Extent;
import io.lunbridge.bridge.nbd.ShutdownRequested;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Executes transmission requests of one connection against its export's {@link BlockDevice}.
 *
 * <p>Requests run concurrently and are answered in completion order (out of order, each reply
 * carrying the request's handle). Device futures complete on the device's threads; every completion
 * hops back to this channel's event loop, which owns all state here, so nothing is locked.
 *
 * <p>Backpressure: at most {@code maxInFlight} requests are at the device; further decoded requests
 * wait in a queue and reading from the socket is paused (autoRead off) until the queue drains. The
 * data is bounded too ({@link DataBudget}): while the write payloads held, the reads at the device and
 * the reply bytes the socket has not taken yet exceed {@code maxBytesInFlight}, reading pauses, and a
 * queued READ waits until it fits (or until it would be alone at the device, so a request larger
 * than the bound still proceeds). The channel's write-buffer high-water mark is set to the bound, so
 * a client slow to read its replies wakes reading up again through the writability change.
 *
 * <p>Ending: NBD_CMD_DISC or an unusable stream stops dispatching; the connection closes once every
 * dispatched request has completed at the device and been answered (proto.md: the server MUST handle
 * all outstanding requests first). The end of the client's input (it shut its sending side down,
 * usually right after DISC; the server channel allows half closure) ends the connection the same way,
 * after every request received before it has been executed and answered. A client that simply goes away
 * does not cancel anything: requests already at the device complete there (their replies are
 * dropped by the closed channel, which releases the buffers). On server shutdown queued and new
 * requests are answered with ESHUTDOWN and the connection closes when nothing is in flight.
 *
 * <p>NBD_CMD_CACHE is advisory (proto.md: success need not imply any caching); it is validated and
 * answered with success without touching the device, since read-ahead through the iSCSI engine would
 * only cost bandwidth with no cache to keep the data in.
 *
 * <p>Replies are written with the void promise (no promise object per reply): a failed write
 * reaches {@link #exceptionCaught} like any other transport error.
 *
 * <p>Buffer ownership: write payloads go to {@link BlockDevice#write}, which releases them; read
 * buffers returned by the device are written to the channel as they are (no copy) and released by
 * Netty once sent, or here when they cannot be used.
 */
public final class TransmissionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LogManager.getLogger(TransmissionHandler.class);

    /** Lifecycle of the connection's transmission phase. */
    enum State implements Transitions<State> {
        /** Serving requests. */
        OPEN,
        /** DISC received or stream broken: finish in-flight requests, then close. */
        DRAINING,
        /** Server shutting down: ESHUTDOWN to anything new, close when idle. */
        STOPPING,
        /** Handing the device over: no more reading, what was read is executed and answered, close when idle. */
        HANDING_OVER,
        /** Channel gone. */
        CLOSED;

        /**
         * Closed is final, draining only moves to closed, and a hand-over only to draining or closed
         * (a shutdown must not turn the requests it still owes the kernel into ESHUTDOWN).
         */
        @Override
        public boolean canMoveTo(State next) {
            return next != this && this != CLOSED && (this != DRAINING || next == CLOSED) && next != OPEN
                    && (this != HANDING_OVER || next == DRAINING || next == CLOSED);
        }
    }

    private final TransmissionParameters params;
    private final BlockDevice device;
    private final RequestValidator validator;
    private final String peer;
    private final int maxInFlight;
    private final DataBudget budget;
    private final ArrayDeque<NbdRequest> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private final StateMachine<State> state;
    private int inFlight;
    private final RejectionLog rejections;
    private boolean inDrain;
    private boolean inputEnded;

    /**
     * @param maxInFlight requests at the device at once
     * @param maxBytesInFlight data bytes held (see the class comment) before reading pauses
     */
    public TransmissionHandler(TransmissionParameters params, String peer, int maxInFlight, long maxBytesInFlight) {
        this.budget = new DataBudget(maxBytesInFlight);
        this.params = params;
        this.device = params.export().device();
        this.validator = new RequestValidator(params);
        this.peer = peer;
        this.maxInFlight = maxInFlight;
        this.state = new StateMachine<>("NBD connection " + peer + " export '" + params.export().name() + "'",
                State.OPEN, LOG, Level.DEBUG);
        this.rejections = new RejectionLog(peer, params.export().name());
    }

    /** Data bytes this connection holds now (for tests and status). */
    public long bytesInFlight() {
        return budget.held(outbound());
    }

    /** Requests currently at the device (for tests and status). */
    public int inFlight() {
        return inFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long high = Math.min(budget.limit(), Integer.MAX_VALUE);
        ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark((int) (high / 2), (int) high));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        drain(); // the socket took reply bytes: reading may resume
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof NbdRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        NbdRequest r = (NbdRequest) msg;
        if (state.state() == State.DRAINING || state.state() == State.CLOSED) {
            r.release();
            return;
        }
        queue.add(r);
        budget.queued(r);
        drain();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestDecoder.ProtocolViolation) {
            transition(State.DRAINING, "protocol violation");
            releaseQueued();
            drain();
        } else if (evt instanceof ChannelInputShutdownEvent) {
            LOG.debug("NBD client {} ended its input with {} queued and {} in flight", peer, queue.size(), inFlight);
            inputEnded = true;
            drain();
        } else if (evt instanceof ShutdownRequested) {
            transition(State.STOPPING, "server shutting down");
            drain();
        } else if (evt instanceof HandOverRequested) {
            LOG.debug("NBD client {}: handing over with {} queued and {} in flight", peer, queue.size(), inFlight);
            transition(State.HANDING_OVER, "device handed over to the next daemon");
            drain();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    /**
     * Any exception in the pipeline (e.g. the decoder could not grow its buffer: Netty drops the bytes
     * of that read and the stream continues after a gap) makes the byte stream untrustworthy: like a
     * protocol violation, nothing decoded from now on is executed, the requests already at the device
     * finish, then the connection closes.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state.state() != State.DRAINING && state.state() != State.CLOSED) {
            if (cause instanceof java.io.IOException) {
                LOG.info("NBD client {} export '{}': connection lost ({}); finishing the requests in flight",
                        peer, params.export().name(), cause.getMessage());
            } else {
                LOG.warn("NBD client {} export '{}': {}; closing the connection after the requests in flight",
                        peer, params.export().name(), cause.toString());
            }
        }
        transition(State.DRAINING, cause.toString());
        releaseQueued();
        drain();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        transition(State.CLOSED, "channel inactive");
        if (!queue.isEmpty()) {
            LOG.debug("NBD client {} went away with {} requests not yet started; they are not executed",
                    peer, queue.size());
        }
        releaseQueued();
        super.channelInactive(ctx);
    }

    private void transition(State next, String reason) {
        state.moveToIfAllowed(next, reason);
    }

    private void drain() {
        if (inDrain) {
            return; // the loop further up the stack re-checks the queue after each dispatch
        }
        inDrain = true;
        try {
            drainQueue();
        } finally {
            inDrain = false;
        }
        if (inputEnded && queue.isEmpty() && state.state() == State.OPEN) {
            transition(State.DRAINING, "input ended"); // nothing more can arrive: answer what is in flight, then close
        }
        boolean wantRead = !inputEnded && queue.isEmpty() && (state.state() == State.OPEN || state.state() == State.STOPPING)
                && budget.mayRead(outbound());
        if (state.state() != State.CLOSED && ctx.channel().config().isAutoRead() != wantRead) {
            ctx.channel().config().setAutoRead(wantRead);
        }
        if ((state.state() == State.DRAINING || state.state() == State.STOPPING || state.state() == State.HANDING_OVER)
                && inFlight == 0 && queue.isEmpty()) {
            transition(State.CLOSED, "every request answered");
            ctx.flush();
            ctx.close();
        }
    }

    private void drainQueue() {
        while (!queue.isEmpty() && inFlight < maxInFlight && state.state() != State.DRAINING && state.state() != State.CLOSED) {
            NbdRequest head = queue.peek();
            if (head.type() == Command.READ.code() && state.state() == State.OPEN
                    && !budget.mayDispatchRead(head.length(), outbound())) {
                break; // a completion at the device calls drain() again
            }
            NbdRequest r = queue.poll();
            budget.dequeued(r);
            if (r.type() == Command.DISC.code()) {
                LOG.debug("NBD client {} sent DISC with {} requests in flight", peer, inFlight);
                transition(State.DRAINING, "DISC");
                releaseQueued();
                break;
            }
            if (state.state() == State.STOPPING) {
                r.release();
                inFlight++;
                budget.dispatched(r);
                finishError(r, NbdErrno.ESHUTDOWN, "server is shutting down");
                continue;
            }
            dispatch(r);
        }
    }

    private void releaseQueued() {
        NbdRequest r;
        while ((r = queue.poll()) != null) {
            budget.dequeued(r);
            r.release();
        }
    }

    private void dispatch(NbdRequest r) {
        inFlight++;
        budget.dispatched(r);
        Optional<Rejection> rejection = validator.check(r);
        if (rejection.isPresent()) {
            r.release();
            rejections.log(r, rejection.get());
            finishError(r, rejection.get().errno(), rejection.get().message());
            return;
        }
        boolean fua = (r.flags() & CommandFlags.FUA) != 0 && params.has(TransmissionFlags.SEND_FUA);
        switch (r.command()) {
            case READ:
                if (r.length() == 0) {
                    finishOk(r);
                } else {
                    call(() -> device.read(r.offset(), (int) r.length()), (buf, ex) -> completeRead(r, buf, ex));
                }
                break;
            case WRITE:
                if (r.length() == 0) {
                    r.release();
                    finishOk(r);
                } else {
                    call(() -> device.write(r.offset(), r.payload(), fua), (v, ex) -> complete(r, ex));
                }
                break;
            case FLUSH:
                call(device::flush, (v, ex) -> complete(r, ex));
                break;
            case TRIM:
                if (r.length() == 0) {
                    finishOk(r);
                } else if (fua) {
                    call(() -> device.discard(r.offset(), r.length()).thenCompose(v -> device.flush()),
                            (v, ex) -> complete(r, ex));
                } else {
                    call(() -> device.discard(r.offset(), r.length()), (v, ex) -> complete(r, ex));
                }
                break;
            case WRITE_ZEROES:
                writeZeroes(r, fua);
                break;
            case BLOCK_STATUS:
                blockStatus(r);
                break;
            case CACHE:
                finishOk(r);
                break;
            default:
                finishError(r, NbdErrno.EINVAL, "command " + r.command() + " not handled");
        }
    }

    private void writeZeroes(NbdRequest r, boolean fua) {
        boolean fast = (r.flags() & CommandFlags.FAST_ZERO) != 0;
        if (fast && !device.geometry().canWriteZeroes()) {
            finishError(r, NbdErrno.ENOTSUP, "fast zero not possible: the device has no WRITE SAME");
            return;
        }
        if (r.length() == 0) {
            finishOk(r);
            return;
        }
        boolean mayUnmap = (r.flags() & CommandFlags.NO_HOLE) == 0;
        call(() -> device.writeZeroes(r.offset(), r.length(), mayUnmap, fua), (v, ex) -> complete(r, ex));
    }

    private void blockStatus(NbdRequest r) {
        int min = params.blockSizes().minimum();
        long length = r.length() - r.length() % min;
        long deviceLength = length == 0 ? min : length;
        boolean reqOne = (r.flags() & CommandFlags.REQ_ONE) != 0;
        call(() -> device.blockStatus(r.offset(), deviceLength), (List<Extent> extents, Throwable ex) -> {
            if (ex != null) {
                complete(r, ex);
                return;
            }
            List<ExtentMapper.Descriptor> d = ExtentMapper.map(r.offset(), deviceLength, extents, reqOne);
            ctx.writeAndFlush(ReplyEncoder.blockStatus(ctx.alloc(), r.handle(), params.metaContextId(), d), ctx.voidPromise());
            done(r);
        });
    }

    private <T> void call(Supplier<CompletableFuture<T>> op, BiConsumer<T, Throwable> onLoop) {
        CompletableFuture<T> f;
        try {
            f = op.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((value, ex) -> runOnLoop(() -> onLoop.accept(value, ex), value));
    }

    private void runOnLoop(Runnable task, Object resource) {
        EventExecutor executor = ctx.executor();
        if (executor.inEventLoop()) {
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (resource instanceof ByteBuf) {
                ((ByteBuf) resource).release();
            }
            LOG.warn("NBD connection {}: reply dropped, event loop already shut down", peer);
        }
    }

    private void completeRead(NbdRequest r, ByteBuf data, Throwable ex) {
        if (ex != null) {
            complete(r, ex);
            return;
        }
        if (data.readableBytes() != r.length()) {
            int got = data.readableBytes();
            data.release();
            LOG.warn("NBD connection {}: device returned {} bytes for a read of {} at {}", peer, got, r.length(),
                    r.offset());
            finishError(r, NbdErrno.EIO, "device returned " + got + " bytes for a read of " + r.length());
            return;
        }
        if (params.structuredReplies()) {
            ctx.write(ReplyEncoder.offsetDataHeader(ctx.alloc(), r.handle(), r.offset(), data.readableBytes()),
                    ctx.voidPromise());
        } else {
            ctx.write(ReplyEncoder.simple(ctx.alloc(), r.handle(), 0), ctx.voidPromise());
        }
        ctx.writeAndFlush(data, ctx.voidPromise());
        done(r);
    }

    private void complete(NbdRequest r, Throwable ex) {
        if (ex == null) {
            finishOk(r);
        } else {
            NbdErrno errno = NbdErrno.of(ex);
            LOG.debug("NBD connection {}: {} failed with {}: {}", peer, r, errno, ex.toString());
            finishError(r, errno, r.command() + " at " + r.offset() + " failed: " + RejectionLog.rootMessage(ex));
        }
    }

    private void finishOk(NbdRequest r) {
        ctx.writeAndFlush(params.structuredReplies()
                ? ReplyEncoder.structuredNone(ctx.alloc(), r.handle())
                : ReplyEncoder.simple(ctx.alloc(), r.handle(), 0), ctx.voidPromise());
        done(r);
    }

    private void finishError(NbdRequest r, NbdErrno errno, String message) {
        ctx.writeAndFlush(params.structuredReplies()
                ? ReplyEncoder.structuredError(ctx.alloc(), r.handle(), errno.value(), message)
                : ReplyEncoder.simple(ctx.alloc(), r.handle(), errno.value()), ctx.voidPromise());
        done(r);
    }

    private void done(NbdRequest r) {
        inFlight--;
        budget.done(r);
        drain();
    }

    /** Reply bytes written to the channel that the socket has not taken yet. */
    private long outbound() {
        ChannelOutboundBuffer b = ctx == null ? null : ctx.channel().unsafe().outboundBuffer();
        return b == null ? 0 : b.totalPendingWriteBytes();
    }
}
