package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.bridge.nbd.ShutdownRequested;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.lunbridge.wire.MalformedInputException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The transmission phase of one connection: decides which decoded request goes to the device and
 * when (queue, bounds, lifecycle); a {@link RequestExecutor} runs each against the export's
 * {@link BlockDevice} and writes its reply.
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
 * a client slow to read its replies wakes reading up again through the writability change. The bound
 * holds in every state that still dispatches reads: OPEN and HANDING_OVER (the requests already read
 * at a hand-over go to the device as the bound allows); STOPPING answers them without data.
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
 * <p>Buffer ownership: a decoded request's write payload is held in the queue and passed on to the
 * executor (which hands it to the device), or released here when the request is dropped.
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
    private final String peer;
    private final int maxInFlight;
    private final DataBudget budget;
    private final ArrayDeque<NbdRequest> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private RequestExecutor executor;
    private final StateMachine<State> state;
    private int inFlight;
    private boolean inDrain;
    private boolean inputEnded;

    /**
     * @param maxInFlight requests at the device at once
     * @param maxBytesInFlight data bytes held (see the class comment) before reading pauses
     */
    public TransmissionHandler(TransmissionParameters params, String peer, int maxInFlight, long maxBytesInFlight) {
        this.budget = new DataBudget(maxBytesInFlight);
        this.params = params;
        this.peer = peer;
        this.maxInFlight = maxInFlight;
        this.state = new StateMachine<>("NBD connection " + peer + " export '" + params.export().name() + "'",
                State.OPEN, LOG, Level.DEBUG);
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
        this.executor = new RequestExecutor(ctx, params, peer, this::done);
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
        if (evt instanceof ChannelInputShutdownEvent) {
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
     * Any exception in the pipeline makes the byte stream untrustworthy: malformed input from the
     * {@link RequestDecoder} (a {@link MalformedInputException} naming the field, logged once at WARN
     * with its message), or e.g. a decoder that could not grow its buffer (Netty drops the bytes of that
     * read and the stream continues after a gap). Nothing decoded from now on is executed, the requests
     * already at the device finish and are answered, then the connection closes.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state.state() != State.DRAINING && state.state() != State.CLOSED) {
            if (cause instanceof MalformedInputException) {
                LOG.warn("NBD client {} export '{}': {}; closing the connection after the requests in flight",
                        peer, params.export().name(), cause.getMessage());
            } else if (cause instanceof java.io.IOException) {
                LOG.info("NBD client {} export '{}': connection lost ({}); finishing the requests in flight",
                        peer, params.export().name(), cause.getMessage());
            } else {
                LOG.warn("NBD client {} export '{}': {}; closing the connection after the requests in flight",
                        peer, params.export().name(), cause.toString());
            }
        }
        transition(State.DRAINING, cause instanceof MalformedInputException ? cause.getMessage() : cause.toString());
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
            if (head.type() == Command.READ.code() && state.state() != State.STOPPING
                    && !budget.mayDispatchRead(head.length(), outbound())) {
                break; // OPEN or HANDING_OVER: a completion at the device calls drain() again
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
                executor.refuse(r, NbdErrno.ESHUTDOWN, "server is shutting down");
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
        executor.execute(r);
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
