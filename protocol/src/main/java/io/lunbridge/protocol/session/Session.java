package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.AsyncMessage;
import io.lunbridge.protocol.pdu.DataIn;
import io.lunbridge.protocol.pdu.LogoutResponse;
import io.lunbridge.protocol.pdu.NopIn;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.PduFormatException;
import io.lunbridge.protocol.pdu.R2t;
import io.lunbridge.protocol.pdu.Reject;
import io.lunbridge.protocol.pdu.ScsiResponse;
import io.lunbridge.protocol.pdu.TargetPdu;
import io.lunbridge.protocol.pdu.TaskManagementResponse;
import io.lunbridge.protocol.pdu.TextResponse;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.SessionParameters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An iSCSI session in full feature phase over exactly one TCP connection (MaxConnections=1,
 * ErrorRecoveryLevel 0), shared by every LUN of the target.
 *
 * <p>It numbers commands (CmdSN window), tags tasks (ITT), sends immediate data, unsolicited
 * Data-Out and R2T-solicited Data-Out within the negotiated burst limits, reassembles Data-In
 * without copying, answers target NOP-In pings, pings an idle target (keepalive), aborts commands
 * that time out (ABORT TASK, then LOGICAL UNIT RESET, then dropping the connection), reacts to
 * asynchronous messages and rejects, and logs out.
 *
 * <p><b>Threading.</b> All state is owned by the channel's event loop; public methods may be called
 * from any thread and hop onto the loop. There are no locks. Futures complete on the event loop.
 */
public final class Session {
    private static final Logger LOG = LogManager.getLogger(Session.class);
    private static final long TICK_MILLIS = 250;

    // This class is the facade: the public API, the receive dispatch, the failure path and the one
    // transition of the SessionState machine. Each PDU family lives in its own class and shares the
    // per-session state through the SessionContext: ScsiCommands (commands, Data-Out, Data-In, SCSI
    // Response), Keepalive (NOP-Out/NOP-In), TaskManagement (timeouts, ABORT TASK, LU RESET),
    // TextExchanges, Logout, AsyncEvents (Asynchronous Message, Reject).
    private final SessionContext ctx;
    private final EventLoop loop;
    private final int tsih;
    private final CompletableFuture<SessionException> closed = new CompletableFuture<>();
    private final ScheduledFuture<?> ticker;
    private final Logout logout;
    private final ScsiCommands commands;
    private final TextExchanges texts;
    private final Keepalive keepalive;
    private final TaskManagement taskManagement;
    private final AsyncEvents asyncEvents;

    /**
     * Takes over a channel whose login has just completed.
     *
     * @param channel the connected channel, framing already switched to the negotiated digests
     * @param login the login's result (parameters and sequence numbers)
     * @param config timers
     * @param name "target IQN @ portal", used in every message
     */
    public Session(Channel channel, LoginResult login, SessionConfig config, String name) {
        this(channel, login, config, name, System::nanoTime);
    }

    /** As above with the clock that timers read (tests drive it). */
    Session(Channel channel, LoginResult login, SessionConfig config, String name, LongSupplier clock) {
        this.ctx = new SessionContext(name, channel, login, config, clock, LOG);
        this.loop = channel.eventLoop();
        this.tsih = login.tsih();
        this.logout = new Logout(ctx, this);
        this.commands = new ScsiCommands(ctx, logout);
        this.texts = new TextExchanges(ctx);
        this.keepalive = new Keepalive(ctx, this);
        this.taskManagement = new TaskManagement(ctx, this, commands, texts);
        this.asyncEvents = new AsyncEvents(ctx, this, commands, texts, logout);
        channel.pipeline().addLast("session", new Handler());
        this.ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("session {} logged in (TSIH {}, {})", name, tsih, ctx.params);
    }

    /** "target @ portal", for messages. */
    public String name() {
        return ctx.name;
    }

    public SessionParameters parameters() {
        return ctx.params;
    }

    /** The TSIH the target assigned. */
    public int tsih() {
        return tsih;
    }

    /** The channel (for socket statistics and the local/remote addresses). */
    public Channel channel() {
        return ctx.channel;
    }

    /**
     * Completes, with the reason, when the session is closed for any reason: on the event loop,
     * after the state moved to FAILED or CLOSED and <em>before</em> any outstanding command is
     * failed, so a listener can take the path out of service before retries are decided.
     */
    public CompletableFuture<SessionException> closeFuture() {
        return closed;
    }

    /**
     * Completes, with the reason, when the session stops taking new commands because a logout began
     * (asked by the target with an Asynchronous Message, or by the initiator). Completes on the event
     * loop before the commands still waiting for the window are failed; commands already sent may
     * still complete. {@link #closeFuture()} follows when the logout is done.
     */
    public CompletableFuture<String> drainingFuture() {
        return logout.draining;
    }

    /**
     * The Time2Wait (seconds) the target gave in an Asynchronous Message dropping the connection or
     * the session (events 2 and 3): how long to wait before logging in again; -1 when it sent none.
     */
    public int requestedTime2Wait() {
        return asyncEvents.requestedTime2Wait();
    }

    /** The current state, read from any thread (advisory). */
    public SessionState state() {
        return ctx.state();
    }

    /** A snapshot of the session's counters. */
    public CompletableFuture<SessionCounters.Snapshot> counters() {
        return onLoop(() -> ctx.counters.snapshot(ctx.tasks.size(), ctx.waiting.size(), ctx.window));
    }

    /**
     * Executes a SCSI command. The future fails with {@link SessionException} for session-level
     * failures; SCSI status and sense are returned in the result for the caller to judge.
     */
    public CompletableFuture<ScsiResult> execute(ScsiRequest request) {
        CompletableFuture<ScsiResult> future = new CompletableFuture<>();
        ScsiTask task = new ScsiTask(request, future);
        if (loop.inEventLoop()) {
            commands.submit(task);
        } else {
            try {
                loop.execute(() -> commands.submit(task));
            } catch (RejectedExecutionException e) {
                task.fail(new SessionException(SessionException.Kind.CLOSED, "session " + ctx.name + " is closed"));
            }
        }
        return future;
    }

    /**
     * Runs a text exchange in full feature phase (e.g. SendTargets=All in a discovery session),
     * following the target's continuation (F=0 / TTT) until the final response.
     */
    public CompletableFuture<List<KeyValue>> text(List<KeyValue> keys) {
        return onLoopCompose(() -> texts.start(keys));
    }

    /**
     * Logs out: new commands are refused, outstanding ones finish (or time out), then the Logout
     * exchange closes the session. Completes when the connection is closed.
     */
    public CompletableFuture<Void> logout() {
        return onLoopCompose(() -> logout.start("logout requested by the initiator"));
    }

    /** Closes the connection at once, failing outstanding commands as retryable. */
    public CompletableFuture<SessionException> close() {
        loop.execute(() -> fail(SessionException.Kind.CLOSED, "session " + ctx.name + " closed by the initiator"));
        return closed;
    }

    // ---------------------------------------------------------------- receive (event loop)

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext handlerContext, Object msg) {
            Pdu pdu = (Pdu) msg;
            keepalive.received();
            try {
                receive(pdu);
            } catch (PduFormatException | SessionProtocolException e) {
                // Every throw site has already released or handed on the PDU's data.
                fail(SessionException.Kind.PROTOCOL, "protocol error from target " + ctx.name + ": " + e.getMessage());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext handlerContext) {
            commands.drainWaiting();
            handlerContext.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext handlerContext) {
            fail(SessionException.Kind.CONNECTION_LOST, "connection to " + ctx.name + " closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext handlerContext, Throwable cause) {
            Throwable root = cause.getCause() instanceof PduFormatException ? cause.getCause() : cause;
            SessionException.Kind kind = root instanceof PduFormatException
                    ? SessionException.Kind.PROTOCOL : SessionException.Kind.CONNECTION_LOST;
            fail(kind, (kind == SessionException.Kind.PROTOCOL ? "protocol error from target " : "connection to ")
                    + ctx.name + (kind == SessionException.Kind.PROTOCOL ? ": " : " failed: ") + root.getMessage());
        }
    }

    private void receive(Pdu pdu) {
        if (pdu instanceof TargetPdu t) {
            if (ctx.window.update(t.expCmdSn(), t.maxCmdSn()) && !ctx.waiting.isEmpty()) {
                commands.drainWaiting();
            }
        }
        if (pdu instanceof DataIn d) {
            commands.onDataIn(d);
        } else if (pdu instanceof ScsiResponse r) {
            ctx.advanceStatSn(r.statSn());
            commands.onScsiResponse(r);
        } else if (pdu instanceof R2t r) {
            commands.onR2t(r);
        } else if (pdu instanceof NopIn n) {
            keepalive.onNopIn(n);
        } else if (pdu instanceof TaskManagementResponse r) {
            ctx.advanceStatSn(r.statSn());
            taskManagement.onTmfResponse(r);
        } else if (pdu instanceof TextResponse r) {
            ctx.advanceStatSn(r.statSn());
            texts.onTextResponse(r);
        } else if (pdu instanceof LogoutResponse r) {
            ctx.advanceStatSn(r.statSn());
            logout.onLogoutResponse(r);
        } else if (pdu instanceof AsyncMessage a) {
            ctx.advanceStatSn(a.statSn());
            asyncEvents.onAsyncMessage(a);
        } else if (pdu instanceof Reject r) {
            ctx.advanceStatSn(r.statSn());
            asyncEvents.onReject(r);
        } else {
            pdu.release();
            throw new SessionProtocolException("unexpected " + pdu.opcode() + " in full feature phase");
        }
    }

    // ---------------------------------------------------------------- timers (event loop)

    private void tick() {
        if (ctx.ended()) {
            return;
        }
        long now = ctx.now();
        keepalive.check(now);
        if (ctx.state() == SessionState.FAILED) {
            return;
        }
        taskManagement.sweep(now);
        logout.checkDeadline(now);
    }

    // ---------------------------------------------------------------- failure and state (event loop)

    /** Fails the session: every outstanding command fails with a retryable error, then the channel closes. */
    void fail(SessionException.Kind kind, String message) {
        if (ctx.ended()) {
            return;
        }
        SessionException reason = new SessionException(kind, message);
        if (kind == SessionException.Kind.CLOSED) {
            transition(SessionState.CLOSED, message);
        } else {
            transition(SessionState.FAILED, message);
        }
        closeChannelAndFailAll(reason);
        if (ctx.state() == SessionState.FAILED) {
            transition(SessionState.CLOSED, "connection closed after failure");
        }
    }

    void closeChannelAndFailAll(SessionException reason) {
        ticker.cancel(false);
        if (reason.kind() != SessionException.Kind.LOGGED_OUT && reason.kind() != SessionException.Kind.CLOSED) {
            abortiveClose();
        }
        ctx.channel.close();
        // The owner (a multipath path) learns of the failure before any command fails, so the path
        // is already marked failed when the retries of those commands choose where to go.
        closed.complete(reason);
        List<Task> all = ctx.tasks.drain();
        ctx.waiting.clear();
        SessionException.Kind taskKind = reason.kind() == SessionException.Kind.CLOSED
                ? SessionException.Kind.CLOSED : SessionException.Kind.CONNECTION_LOST;
        for (Task o : all) {
            if (o instanceof ScsiTask t) {
                if (t.sent) {
                    ctx.counters.commandEnded();
                }
                t.fail(new SessionException(taskKind,
                        t.request.description() + " on " + ctx.name + " failed: " + reason.getMessage()));
            } else if (o instanceof TextTask t) {
                t.fail(reason);
            }
        }
        keepalive.reset();
        logout.closed();
    }

    /**
     * A failed connection is closed with a reset (SO_LINGER 0): the kernel drops what is still in
     * the send queue instead of delivering it if the link comes back. Otherwise a write declared
     * lost here, and re-issued and acknowledged on another path, could land at the target later,
     * over newer data.
     */
    private void abortiveClose() {
        try {
            ctx.channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException e) {
            LOG.debug("session {}: SO_LINGER 0 not set before closing: {}", ctx.name, e.getMessage());
        }
    }

    /** The one transition of the {@link SessionState} machine; logs the reason once. */
    void transition(SessionState next, String reason) {
        ctx.machine.moveTo(next, reason);
    }

    // ---------------------------------------------------------------- helpers

    private <T> CompletableFuture<T> onLoop(Supplier<T> action) {
        return onLoopCompose(() -> CompletableFuture.completedFuture(action.get()));
    }

    private <T> CompletableFuture<T> onLoopCompose(Supplier<CompletableFuture<T>> action) {
        if (loop.inEventLoop()) {
            return action.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.execute(() -> action.get().whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            }));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new SessionException(SessionException.Kind.CLOSED, "session " + ctx.name + " is closed"));
        }
        return result;
    }
}
