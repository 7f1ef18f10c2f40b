package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.AsyncMessage;
import io.lunbridge.protocol.pdu.DataIn;
import io.lunbridge.protocol.pdu.DataOut;
import io.lunbridge.protocol.pdu.LogoutRequest;
import io.lunbridge.protocol.pdu.LogoutResponse;
import io.lunbridge.protocol.pdu.NopIn;
import io.lunbridge.protocol.pdu.NopOut;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.PduFormatException;
import io.lunbridge.protocol.pdu.R2t;
import io.lunbridge.protocol.pdu.Reject;
import io.lunbridge.protocol.pdu.ScsiCommand;
import io.lunbridge.protocol.pdu.ScsiResponse;
import io.lunbridge.protocol.pdu.SerialNumbers;
import io.lunbridge.protocol.pdu.TargetPdu;
import io.lunbridge.protocol.pdu.TaskManagementRequest;
import io.lunbridge.protocol.pdu.TaskManagementResponse;
import io.lunbridge.protocol.pdu.TextRequest;
import io.lunbridge.protocol.pdu.TextResponse;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.SessionParameters;
import io.lunbridge.protocol.text.TextCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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

    private final LongSupplier clock;
    private final Channel channel;
    private final EventLoop loop;
    private final SessionParameters params;
    private final SessionConfig config;
    private final String name;
    private final int tsih;
    private final CommandWindow window;
    private final TaskTable<Object> tasks = new TaskTable<>(1);
    private final ArrayDeque<ScsiTask> waiting = new ArrayDeque<>();
    private final CompletableFuture<SessionException> closed = new CompletableFuture<>();
    private final CompletableFuture<String> draining = new CompletableFuture<>();
    /** Time2Wait asked by the target when it dropped the connection or session (-1: none). */
    private volatile int requestedTime2Wait = -1;
    private final SessionCounters counters = new SessionCounters();
    private final ScheduledFuture<?> ticker;
    private int expStatSn;
    private SessionState state = SessionState.LOGGED_IN;
    private long lastReceivedNanos;
    private PingTask ping;
    private CompletableFuture<Void> logoutFuture;
    private long logoutDeadlineNanos;
    private boolean logoutSent;

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
        this.clock = clock;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.params = login.parameters();
        this.config = config;
        this.name = name;
        this.tsih = login.tsih();
        this.window = new CommandWindow(login.nextCmdSn(), login.expCmdSn(), login.maxCmdSn());
        this.expStatSn = login.statSn() + 1;
        this.lastReceivedNanos = clock.getAsLong();
        channel.pipeline().addLast("session", new Handler());
        this.ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("session {} logged in (TSIH {}, {})", name, tsih, params);
    }

    /** "target @ portal", for messages. */
    public String name() {
        return name;
    }

    public SessionParameters parameters() {
        return params;
    }

    /** The TSIH the target assigned. */
    public int tsih() {
        return tsih;
    }

    /** The channel (for socket statistics and the local/remote addresses). */
    public Channel channel() {
        return channel;
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
        return draining;
    }

    /**
     * The Time2Wait (seconds) the target gave in an Asynchronous Message dropping the connection or
     * the session (events 2 and 3): how long to wait before logging in again; -1 when it sent none.
     */
    public int requestedTime2Wait() {
        return requestedTime2Wait;
    }

    /** The current state, read from any thread (advisory). */
    public SessionState state() {
        return state;
    }

    /** A snapshot of the session's counters. */
    public CompletableFuture<SessionCounters.Snapshot> counters() {
        return onLoop(() -> counters.snapshot(tasks.size(), waiting.size(), window));
    }

    /**
     * Executes a SCSI command. The future fails with {@link SessionException} for session-level
     * failures; SCSI status and sense are returned in the result for the caller to judge.
     */
    public CompletableFuture<ScsiResult> execute(ScsiRequest request) {
        CompletableFuture<ScsiResult> future = new CompletableFuture<>();
        ScsiTask task = new ScsiTask(request, future);
        if (loop.inEventLoop()) {
            submit(task);
        } else {
            try {
                loop.execute(() -> submit(task));
            } catch (RejectedExecutionException e) {
                task.releaseBuffers();
                future.completeExceptionally(new SessionException(SessionException.Kind.CLOSED,
                        "session " + name + " is closed"));
            }
        }
        return future;
    }

    /**
     * Runs a text exchange in full feature phase (e.g. SendTargets=All in a discovery session),
     * following the target's continuation (F=0 / TTT) until the final response.
     */
    public CompletableFuture<List<KeyValue>> text(List<KeyValue> keys) {
        return onLoopCompose(() -> {
            if (state != SessionState.LOGGED_IN) {
                return CompletableFuture.failedFuture(notLoggedIn());
            }
            TextTask task = new TextTask(keys, channel.alloc().compositeBuffer());
            task.itt = tasks.add(task);
            task.deadlineNanos = clock.getAsLong() + config.commandTimeout().toNanos();
            sendText(task, TextCodec.encode(keys, channel.alloc()), Pdu.RESERVED_TAG);
            return task.future;
        });
    }

    /**
     * Logs out: new commands are refused, outstanding ones finish (or time out), then the Logout
     * exchange closes the session. Completes when the connection is closed.
     */
    public CompletableFuture<Void> logout() {
        return onLoopCompose(() -> {
            startLogout("logout requested by the initiator");
            return logoutFuture;
        });
    }

    /** Closes the connection at once, failing outstanding commands as retryable. */
    public CompletableFuture<SessionException> close() {
        loop.execute(() -> fail(SessionException.Kind.CLOSED, "session " + name + " closed by the initiator"));
        return closed;
    }

    // ---------------------------------------------------------------- submission (event loop)

    private void submit(ScsiTask task) {
        if (state != SessionState.LOGGED_IN) {
            task.releaseBuffers();
            task.future.completeExceptionally(notLoggedIn());
            return;
        }
        task.itt = tasks.add(task);
        task.deadlineNanos = clock.getAsLong() + config.commandTimeout().toNanos();
        if (waiting.isEmpty() && window.open()) {
            send(task);
        } else {
            waiting.add(task);
        }
    }

    private SessionException notLoggedIn() {
        SessionException.Kind kind = state == SessionState.LOGGING_OUT
                ? SessionException.Kind.LOGGED_OUT : SessionException.Kind.CONNECTION_LOST;
        return new SessionException(kind, "session " + name + " is " + state + ": command not sent");
    }

    private void drainWaiting() {
        boolean wrote = false;
        while (!waiting.isEmpty() && window.open() && state == SessionState.LOGGED_IN) {
            send(waiting.poll());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void send(ScsiTask task) {
        ScsiRequest r = task.request;
        task.cmdSn = window.take();
        task.sent = true;
        counters.commandSent();
        ByteBuf immediate = Unpooled.EMPTY_BUFFER;
        int unsolicited = 0;
        if (r.direction() == ScsiRequest.Direction.WRITE) {
            int length = r.expectedLength();
            int immediateLength = params.immediateData()
                    ? Math.min(length, Math.min(params.firstBurstLength(), params.maxXmitDataSegmentLength())) : 0;
            unsolicited = params.initialR2T() ? immediateLength : Math.min(length, params.firstBurstLength());
            if (immediateLength > 0) {
                ByteBuf data = r.writeData();
                immediate = data.retainedSlice(data.readerIndex(), immediateLength);
            }
            counters.bytesWritten += length;
            boolean finalPdu = unsolicited == immediateLength;
            channel.write(new ScsiCommand(false, finalPdu, false, true, ScsiCommand.ATTR_SIMPLE, r.lun(),
                    task.itt, length, task.cmdSn, expStatSn, r.cdb(), immediate));
            if (unsolicited > immediateLength) {
                sendDataOut(task, Pdu.RESERVED_TAG, immediateLength, unsolicited - immediateLength);
            }
        } else {
            boolean read = r.direction() == ScsiRequest.Direction.READ;
            channel.write(new ScsiCommand(false, true, read, false, ScsiCommand.ATTR_SIMPLE, r.lun(),
                    task.itt, r.expectedLength(), task.cmdSn, expStatSn, r.cdb(), Unpooled.EMPTY_BUFFER));
        }
        channel.flush();
    }

    /** Sends [offset, offset+length) of a write as Data-Out PDUs no larger than the target accepts. */
    private void sendDataOut(ScsiTask task, int ttt, int offset, int length) {
        ByteBuf data = task.request.writeData();
        int max = params.maxXmitDataSegmentLength();
        int end = offset + length;
        int dataSn = 0;
        for (int o = offset; o < end; o += max) {
            int n = Math.min(max, end - o);
            channel.write(new DataOut(o + n == end, task.request.lun(), task.itt, ttt, expStatSn, dataSn++, o,
                    data.retainedSlice(data.readerIndex() + o, n)));
            counters.dataOutPdus++;
        }
    }

    // ---------------------------------------------------------------- receive (event loop)

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Pdu pdu = (Pdu) msg;
            lastReceivedNanos = clock.getAsLong();
            try {
                receive(pdu);
            } catch (PduFormatException | SessionProtocolException e) {
                // Every throw site has already released or handed on the PDU's data.
                fail(SessionException.Kind.PROTOCOL, "protocol error from target " + name + ": " + e.getMessage());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            drainWaiting();
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(SessionException.Kind.CONNECTION_LOST, "connection to " + name + " closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause.getCause() instanceof PduFormatException ? cause.getCause() : cause;
            SessionException.Kind kind = root instanceof PduFormatException
                    ? SessionException.Kind.PROTOCOL : SessionException.Kind.CONNECTION_LOST;
            fail(kind, (kind == SessionException.Kind.PROTOCOL ? "protocol error from target " : "connection to ")
                    + name + (kind == SessionException.Kind.PROTOCOL ? ": " : " failed: ") + root.getMessage());
        }
    }

    /** Thrown while handling a PDU that is well-formed but breaks the protocol's rules. */
    private static final class SessionProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    private void receive(Pdu pdu) {
        if (pdu instanceof TargetPdu) {
            TargetPdu t = (TargetPdu) pdu;
            if (window.update(t.expCmdSn(), t.maxCmdSn()) && !waiting.isEmpty()) {
                drainWaiting();
            }
        }
        if (pdu instanceof DataIn) {
            onDataIn((DataIn) pdu);
        } else if (pdu instanceof ScsiResponse) {
            advanceStatSn(((ScsiResponse) pdu).statSn());
            onScsiResponse((ScsiResponse) pdu);
        } else if (pdu instanceof R2t) {
            onR2t((R2t) pdu);
        } else if (pdu instanceof NopIn) {
            onNopIn((NopIn) pdu);
        } else if (pdu instanceof TaskManagementResponse) {
            advanceStatSn(((TaskManagementResponse) pdu).statSn());
            onTmfResponse((TaskManagementResponse) pdu);
        } else if (pdu instanceof TextResponse) {
            advanceStatSn(((TextResponse) pdu).statSn());
            onTextResponse((TextResponse) pdu);
        } else if (pdu instanceof LogoutResponse) {
            advanceStatSn(((LogoutResponse) pdu).statSn());
            onLogoutResponse((LogoutResponse) pdu);
        } else if (pdu instanceof AsyncMessage) {
            advanceStatSn(((AsyncMessage) pdu).statSn());
            onAsyncMessage((AsyncMessage) pdu);
        } else if (pdu instanceof Reject) {
            advanceStatSn(((Reject) pdu).statSn());
            onReject((Reject) pdu);
        } else {
            pdu.release();
            throw new SessionProtocolException("unexpected " + pdu.opcode() + " in full feature phase");
        }
    }

    private void advanceStatSn(int statSn) {
        if (SerialNumbers.lessOrEqual(expStatSn, statSn)) {
            expStatSn = statSn + 1;
        }
    }

    private ScsiTask scsiTask(int itt, Pdu pdu) {
        Object t = tasks.get(itt);
        if (!(t instanceof ScsiTask)) {
            pdu.release();
            throw new SessionProtocolException(pdu.opcode() + " for unknown ITT 0x" + Integer.toHexString(itt));
        }
        return (ScsiTask) t;
    }

    private void onDataIn(DataIn d) {
        ScsiTask task = scsiTask(d.initiatorTaskTag(), d);
        if (d.statusPresent()) {
            advanceStatSn(d.statSn());
        }
        int length = d.data().readableBytes();
        if (length > 0) {
            if (task.request.direction() != ScsiRequest.Direction.READ) {
                d.release();
                throw new SessionProtocolException("Data-In for " + task.request.description()
                        + " which reads no data (ITT 0x" + Integer.toHexString(task.itt) + ")");
            }
            if (d.bufferOffset() != task.received) {
                d.release();
                throw new SessionProtocolException("Data-In BufferOffset " + Integer.toUnsignedString(d.bufferOffset())
                        + " for ITT 0x" + Integer.toHexString(task.itt) + ", expected " + task.received
                        + " (DataPDUInOrder=Yes)");
            }
            if ((long) task.received + length > task.request.expectedLength()) {
                d.release();
                throw new SessionProtocolException("Data-In for ITT 0x" + Integer.toHexString(task.itt)
                        + " exceeds the expected transfer length " + task.request.expectedLength());
            }
            task.readBuffer(channel.alloc()).addComponent(true, d.data());
            task.received += length;
            counters.bytesRead += length;
        } else {
            d.release();
        }
        if (d.statusPresent()) {
            complete(task, d.status(), new byte[0], d.residualUnderflow(), d.residualOverflow(), d.residualCount());
        }
    }

    private void onScsiResponse(ScsiResponse r) {
        ScsiTask task = scsiTask(r.initiatorTaskTag(), r);
        byte[] sense;
        try {
            sense = senseOf(r.data());
        } finally {
            r.release();
        }
        if (r.response() != 0) {
            finishTask(task);
            task.future.completeExceptionally(new SessionException(SessionException.Kind.TIMEOUT,
                    task.request.description() + " on " + name + ": target failure (iSCSI response 0x"
                            + Integer.toHexString(r.response()) + ")"));
            return;
        }
        complete(task, r.status(), sense, r.residualUnderflow(), r.residualOverflow(), r.residualCount());
    }

    private static byte[] senseOf(ByteBuf segment) {
        if (segment.readableBytes() < 2) {
            return new byte[0];
        }
        int senseLength = segment.getUnsignedShort(segment.readerIndex());
        if (senseLength > segment.readableBytes() - 2) {
            throw new SessionProtocolException("SCSI Response SenseLength " + senseLength
                    + " exceeds the data segment (" + (segment.readableBytes() - 2) + " bytes)");
        }
        byte[] sense = new byte[senseLength];
        segment.getBytes(segment.readerIndex() + 2, sense);
        return sense;
    }

    private void complete(ScsiTask task, int status, byte[] sense, boolean under, boolean over, int residual) {
        finishTask(task);
        ByteBuf data = task.readData != null ? task.readData : Unpooled.EMPTY_BUFFER;
        task.readData = null;
        task.releaseBuffers();
        task.future.complete(new ScsiResult(status, sense, data, under, over, residual));
    }

    private void finishTask(ScsiTask task) {
        tasks.remove(task.itt);
        if (task.sent) {
            counters.commandEnded();
        }
        if (state == SessionState.LOGGING_OUT) {
            maybeSendLogout();
        }
    }

    private void onR2t(R2t r) {
        ScsiTask task = scsiTask(r.initiatorTaskTag(), r);
        counters.r2ts++;
        if (task.request.direction() != ScsiRequest.Direction.WRITE) {
            throw new SessionProtocolException("R2T for " + task.request.description() + " which writes no data");
        }
        long end = (long) r.bufferOffset() + Integer.toUnsignedLong(r.desiredDataTransferLength());
        if (r.bufferOffset() < 0 || end > task.request.expectedLength() || r.desiredDataTransferLength() == 0) {
            throw new SessionProtocolException("R2T BufferOffset " + Integer.toUnsignedString(r.bufferOffset())
                    + " DesiredDataTransferLength " + Integer.toUnsignedString(r.desiredDataTransferLength())
                    + " outside the " + task.request.expectedLength() + "-byte write (ITT 0x"
                    + Integer.toHexString(task.itt) + ")");
        }
        if (Integer.toUnsignedLong(r.desiredDataTransferLength()) > params.maxBurstLength()) {
            throw new SessionProtocolException("R2T DesiredDataTransferLength " + Integer.toUnsignedString(r.desiredDataTransferLength())
                    + " exceeds MaxBurstLength " + params.maxBurstLength());
        }
        sendDataOut(task, r.targetTransferTag(), r.bufferOffset(), r.desiredDataTransferLength());
    }

    private void onNopIn(NopIn n) {
        if (n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
            advanceStatSn(n.statSn());
            Object t = tasks.remove(n.initiatorTaskTag());
            n.release();
            if (t == ping) {
                ping = null;
            } else if (t != null) {
                throw new SessionProtocolException("NOP-In answers ITT 0x" + Integer.toHexString(n.initiatorTaskTag())
                        + " which is not a ping");
            }
            return;
        }
        if (n.targetTransferTag() != Pdu.RESERVED_TAG) {
            // A target ping: answer with the TTT and the ping data echoed (ownership moves on).
            counters.targetPings++;
            channel.writeAndFlush(new NopOut(true, n.lun(), Pdu.RESERVED_TAG, n.targetTransferTag(),
                    window.nextCmdSn(), expStatSn, n.data()));
            return;
        }
        n.release();
    }

    private void onTmfResponse(TaskManagementResponse r) {
        Object t = tasks.remove(r.initiatorTaskTag());
        if (!(t instanceof TmfTask)) {
            throw new SessionProtocolException("Task Management Response for unknown ITT 0x"
                    + Integer.toHexString(r.initiatorTaskTag()));
        }
        TmfTask tmf = (TmfTask) t;
        if (tmf.function == TaskManagementRequest.ABORT_TASK) {
            ScsiTask victim = tmf.victim;
            if (tasks.get(victim.itt) == victim) {
                // Function complete (0) or task does not exist (1): the task is gone at the target.
                if (r.response() == 0 || r.response() == 1) {
                    abandon(victim, SessionException.Kind.TIMEOUT, victim.request.description() + " on " + name
                            + " timed out after " + config.commandTimeout().toSeconds() + " s and was aborted");
                } else {
                    LOG.warn("ABORT TASK for {} on {} answered {}; resetting the logical unit",
                            victim.request.description(), name, r.response());
                    sendTmf(TaskManagementRequest.LOGICAL_UNIT_RESET, victim);
                }
            }
        } else if (tmf.function == TaskManagementRequest.LOGICAL_UNIT_RESET) {
            if (r.response() != 0) {
                fail(SessionException.Kind.TIMEOUT, "LOGICAL UNIT RESET on " + name + " failed (response "
                        + r.response() + ") after a command timeout");
                return;
            }
            long lun = tmf.victim.request.lun();
            for (Object o : tasksOfLun(lun)) {
                ScsiTask s = (ScsiTask) o;
                abandon(s, SessionException.Kind.TIMEOUT, s.request.description() + " on " + name
                        + " was cleared by a LOGICAL UNIT RESET after a command timeout");
            }
        }
    }

    private List<Object> tasksOfLun(long lun) {
        List<Object> matching = new ArrayList<>();
        for (Object o : tasks.snapshot()) {
            if (o instanceof ScsiTask && ((ScsiTask) o).request.lun() == lun && ((ScsiTask) o).sent) {
                matching.add(o);
            }
        }
        return matching;
    }

    /** Fails a task that the target no longer holds, as retryable. */
    private void abandon(ScsiTask task, SessionException.Kind kind, String message) {
        tasks.remove(task.itt);
        waiting.remove(task);
        if (task.sent) {
            counters.commandEnded();
        }
        task.releaseBuffers();
        counters.timeouts++;
        task.future.completeExceptionally(new SessionException(kind, message));
        if (state == SessionState.LOGGING_OUT) {
            maybeSendLogout();
        }
    }

    private void onTextResponse(TextResponse r) {
        Object t = tasks.get(r.initiatorTaskTag());
        if (!(t instanceof TextTask)) {
            r.release();
            throw new SessionProtocolException("Text Response for unknown ITT 0x" + Integer.toHexString(r.initiatorTaskTag()));
        }
        TextTask task = (TextTask) t;
        task.text.addComponent(true, r.data());
        if (task.text.readableBytes() > TextTask.MAX_TEXT) {
            throw new SessionProtocolException("Text Response data exceeds " + TextTask.MAX_TEXT + " bytes");
        }
        if (!r.finalPdu()) {
            // More text follows: ask for it with an empty request echoing the TTT.
            sendText(task, Unpooled.EMPTY_BUFFER, r.targetTransferTag());
            return;
        }
        tasks.remove(task.itt);
        try {
            List<KeyValue> keys = TextCodec.decode(task.text);
            task.future.complete(keys);
        } catch (RuntimeException e) {
            task.future.completeExceptionally(new SessionException(SessionException.Kind.PROTOCOL,
                    "malformed Text Response from " + name + ": " + e.getMessage(), e));
        } finally {
            task.text.release();
        }
    }

    private void sendText(TextTask task, ByteBuf data, int ttt) {
        channel.writeAndFlush(new TextRequest(true, true, false, 0L, task.itt, ttt, window.nextCmdSn(),
                expStatSn, data));
    }

    private void onAsyncMessage(AsyncMessage a) {
        try {
            switch (a.asyncEvent()) {
                case AsyncMessage.SCSI_ASYNC_EVENT:
                    LOG.info("target {} reported a SCSI asynchronous event ({} bytes of sense)", name,
                            a.data().readableBytes());
                    break;
                case AsyncMessage.LOGOUT_REQUESTED:
                    LOG.info("target {} requests logout within {} s", name, a.parameter3());
                    startLogout("the target requested logout");
                    if (a.parameter3() > 0 && state == SessionState.LOGGING_OUT) {
                        long requested = clock.getAsLong() + TimeUnit.SECONDS.toNanos(a.parameter3());
                        if (requested - logoutDeadlineNanos < 0) {
                            logoutDeadlineNanos = requested;
                        }
                    }
                    break;
                case AsyncMessage.CONNECTION_DROP:
                case AsyncMessage.SESSION_DROP:
                    requestedTime2Wait = a.parameter2();
                    fail(SessionException.Kind.CONNECTION_LOST, "target " + name + " is dropping the "
                            + (a.asyncEvent() == AsyncMessage.SESSION_DROP ? "session" : "connection")
                            + " (Time2Wait " + a.parameter2() + " s, Time2Retain " + a.parameter3() + " s)");
                    break;
                case AsyncMessage.NEGOTIATION_REQUESTED:
                    LOG.info("target {} requests parameter renegotiation; re-declaring MaxRecvDataSegmentLength", name);
                    text(List.of(new KeyValue("MaxRecvDataSegmentLength",
                            Integer.toString(params.maxRecvDataSegmentLength()))))
                            .whenComplete((keys, e) -> {
                                if (e != null) {
                                    LOG.warn("renegotiation with {} failed: {}", name, e.getMessage());
                                }
                            });
                    break;
                default:
                    LOG.info("target {} sent asynchronous event {} (ignored)", name, a.asyncEvent());
            }
        } finally {
            a.release();
        }
    }

    private void onReject(Reject r) {
        ByteBuf header = r.data();
        int itt = header.readableBytes() >= 20 ? header.getInt(header.readerIndex() + 16) : Pdu.RESERVED_TAG;
        int opcode = header.readableBytes() >= 1 ? header.getByte(header.readerIndex()) & 0x3f : -1;
        r.release();
        String what = "target " + name + " rejected a PDU (opcode 0x" + Integer.toHexString(opcode) + ", ITT 0x"
                + Integer.toHexString(itt) + "): reason 0x" + Integer.toHexString(r.reason()) + " ("
                + RejectReason.describe(r.reason()) + ")";
        Object t = itt == Pdu.RESERVED_TAG ? null : tasks.get(itt);
        if (t instanceof ScsiTask) {
            ScsiTask task = (ScsiTask) t;
            SessionException.Kind kind = RejectReason.retryable(r.reason())
                    ? SessionException.Kind.TIMEOUT : SessionException.Kind.REJECTED;
            abandon(task, kind, what);
        } else if (t instanceof TextTask) {
            tasks.remove(itt);
            ((TextTask) t).text.release();
            ((TextTask) t).future.completeExceptionally(new SessionException(SessionException.Kind.REJECTED, what));
        } else {
            LOG.warn("{}", what);
        }
    }

    // ---------------------------------------------------------------- timers (event loop)

    private void tick() {
        if (state == SessionState.FAILED || state == SessionState.CLOSED) {
            return;
        }
        long now = clock.getAsLong();
        checkKeepalive(now);
        if (state == SessionState.FAILED) {
            return;
        }
        checkTimeouts(now);
        if (state == SessionState.LOGGING_OUT && now - logoutDeadlineNanos > 0) {
            fail(SessionException.Kind.LOGGED_OUT, "logout from " + name + " did not complete within "
                    + config.logoutTimeout().toSeconds() + " s; connection closed");
        }
    }

    private void checkKeepalive(long now) {
        long interval = config.keepaliveInterval().toNanos();
        if (interval <= 0) {
            return;
        }
        if (ping != null) {
            if (now - ping.sentNanos > config.keepaliveTimeout().toNanos()) {
                fail(SessionException.Kind.CONNECTION_LOST, "target " + name + " did not answer a NOP-Out ping within "
                        + config.keepaliveTimeout().toMillis() + " ms: connection declared dead");
            }
            return;
        }
        if (now - lastReceivedNanos >= interval) {
            ping = new PingTask(now);
            ping.itt = tasks.add(ping);
            counters.pings++;
            channel.writeAndFlush(new NopOut(true, 0L, ping.itt, Pdu.RESERVED_TAG, window.nextCmdSn(), expStatSn,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void checkTimeouts(long now) {
        List<Object> expired = null;
        for (Object o : tasks.snapshot()) {
            if (o instanceof ScsiTask) {
                ScsiTask t = (ScsiTask) o;
                if (!t.aborting && now - t.deadlineNanos > 0) {
                    (expired == null ? expired = new ArrayList<>() : expired).add(t);
                }
            } else if (o instanceof SimpleTask && !(o instanceof PingTask)) {
                SimpleTask t = (SimpleTask) o;
                if (t.deadlineNanos != 0 && now - t.deadlineNanos > 0) {
                    (expired == null ? expired = new ArrayList<>() : expired).add(t);
                }
            }
        }
        if (expired == null) {
            return;
        }
        for (Object o : expired) {
            if (state != SessionState.LOGGED_IN && state != SessionState.LOGGING_OUT) {
                return;
            }
            if (o instanceof ScsiTask) {
                ScsiTask t = (ScsiTask) o;
                if (!t.sent) {
                    abandon(t, SessionException.Kind.TIMEOUT, t.request.description() + " on " + name
                            + " waited " + config.commandTimeout().toSeconds() + " s for the command window ("
                            + window + ") and was not sent");
                } else {
                    LOG.warn("{} on {} timed out after {} s; sending ABORT TASK", t.request.description(), name,
                            config.commandTimeout().toSeconds());
                    t.aborting = true;
                    sendTmf(TaskManagementRequest.ABORT_TASK, t);
                }
            } else if (o instanceof TmfTask) {
                TmfTask tmf = (TmfTask) o;
                tasks.remove(tmf.itt);
                if (tmf.function == TaskManagementRequest.ABORT_TASK) {
                    LOG.warn("ABORT TASK on {} unanswered; resetting the logical unit", name);
                    sendTmf(TaskManagementRequest.LOGICAL_UNIT_RESET, tmf.victim);
                } else {
                    fail(SessionException.Kind.TIMEOUT, "task management on " + name
                            + " unanswered after a command timeout; connection dropped");
                }
            } else if (o instanceof TextTask) {
                TextTask t = (TextTask) o;
                tasks.remove(t.itt);
                t.text.release();
                t.future.completeExceptionally(new SessionException(SessionException.Kind.TIMEOUT,
                        "text exchange with " + name + " timed out"));
            }
        }
    }

    private void sendTmf(int function, ScsiTask victim) {
        TmfTask tmf = new TmfTask(function, victim);
        tmf.itt = tasks.add(tmf);
        tmf.deadlineNanos = clock.getAsLong() + config.taskManagementTimeout().toNanos();
        int referenced = function == TaskManagementRequest.ABORT_TASK ? victim.itt : Pdu.RESERVED_TAG;
        channel.writeAndFlush(new TaskManagementRequest(true, function, victim.request.lun(), tmf.itt, referenced,
                window.nextCmdSn(), expStatSn, victim.cmdSn, 0));
    }

    // ---------------------------------------------------------------- logout and failure

    private void startLogout(String reason) {
        if (logoutFuture == null) {
            logoutFuture = new CompletableFuture<>();
        }
        if (state == SessionState.FAILED || state == SessionState.CLOSED) {
            logoutFuture.complete(null);
            return;
        }
        if (state == SessionState.LOGGED_IN) {
            transition(SessionState.LOGGING_OUT, reason);
            draining.complete(reason);
            logoutDeadlineNanos = clock.getAsLong() + config.logoutTimeout().toNanos();
            for (ScsiTask t : waiting) {
                tasks.remove(t.itt);
                t.releaseBuffers();
                t.future.completeExceptionally(new SessionException(SessionException.Kind.LOGGED_OUT,
                        t.request.description() + " not sent: session " + name + " is logging out"));
            }
            waiting.clear();
        }
        maybeSendLogout();
    }

    private void maybeSendLogout() {
        if (logoutSent || hasOutstandingCommands()) {
            return;
        }
        logoutSent = true;
        LogoutTask task = new LogoutTask();
        task.itt = tasks.add(task);
        channel.writeAndFlush(new LogoutRequest(true, LogoutRequest.CLOSE_SESSION, task.itt, 0,
                window.nextCmdSn(), expStatSn));
    }

    private boolean hasOutstandingCommands() {
        for (Object o : tasks.snapshot()) {
            if (o instanceof ScsiTask || o instanceof TmfTask) {
                return true;
            }
        }
        return false;
    }

    private void onLogoutResponse(LogoutResponse r) {
        Object t = tasks.remove(r.initiatorTaskTag());
        if (!(t instanceof LogoutTask)) {
            throw new SessionProtocolException("Logout Response for unknown ITT 0x" + Integer.toHexString(r.initiatorTaskTag()));
        }
        if (r.response() != 0) {
            LOG.warn("target {} answered logout with response {}; closing the connection anyway", name, r.response());
        }
        transition(SessionState.CLOSED, "logged out");
        closeChannelAndFailAll(new SessionException(SessionException.Kind.LOGGED_OUT, "session " + name + " logged out"));
    }

    /** Fails the session: every outstanding command fails with a retryable error, then the channel closes. */
    private void fail(SessionException.Kind kind, String message) {
        if (state == SessionState.FAILED || state == SessionState.CLOSED) {
            return;
        }
        SessionException reason = new SessionException(kind, message);
        if (kind == SessionException.Kind.CLOSED) {
            transition(SessionState.CLOSED, message);
        } else {
            transition(SessionState.FAILED, message);
        }
        closeChannelAndFailAll(reason);
        if (state == SessionState.FAILED) {
            transition(SessionState.CLOSED, "connection closed after failure");
        }
    }

    private void closeChannelAndFailAll(SessionException reason) {
        ticker.cancel(false);
        if (reason.kind() != SessionException.Kind.LOGGED_OUT && reason.kind() != SessionException.Kind.CLOSED) {
            abortiveClose();
        }
        channel.close();
        // The owner (a multipath path) learns of the failure before any command fails, so the path
        // is already marked failed when the retries of those commands choose where to go.
        closed.complete(reason);
        List<Object> all = tasks.drain();
        waiting.clear();
        SessionException.Kind taskKind = reason.kind() == SessionException.Kind.CLOSED
                ? SessionException.Kind.CLOSED : SessionException.Kind.CONNECTION_LOST;
        for (Object o : all) {
            if (o instanceof ScsiTask) {
                ScsiTask t = (ScsiTask) o;
                if (t.sent) {
                    counters.commandEnded();
                }
                t.releaseBuffers();
                t.future.completeExceptionally(new SessionException(taskKind,
                        t.request.description() + " on " + name + " failed: " + reason.getMessage()));
            } else if (o instanceof TextTask) {
                ((TextTask) o).text.release();
                ((TextTask) o).future.completeExceptionally(reason);
            }
        }
        ping = null;
        if (logoutFuture != null) {
            logoutFuture.complete(null);
        }
    }

    /**
     * A failed connection is closed with a reset (SO_LINGER 0): the kernel drops what is still in
     * the send queue instead of delivering it if the link comes back. Otherwise a write declared
     * lost here, and re-issued and acknowledged on another path, could land at the target later,
     * over newer data.
     */
    private void abortiveClose() {
        try {
            channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException e) {
            LOG.debug("session {}: SO_LINGER 0 not set before closing: {}", name, e.getMessage());
        }
    }

    private void transition(SessionState next, String reason) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("session " + name + ": " + state + " -> " + next + " not allowed");
        }
        LOG.info("session {}: {} -> {} ({})", name, state, next, reason);
        state = next;
    }

    // ---------------------------------------------------------------- helpers

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<T> action) {
        return onLoopCompose(() -> CompletableFuture.completedFuture(action.get()));
    }

    private <T> CompletableFuture<T> onLoopCompose(java.util.function.Supplier<CompletableFuture<T>> action) {
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
            result.completeExceptionally(new SessionException(SessionException.Kind.CLOSED, "session " + name + " is closed"));
        }
        return result;
    }

    /** Tasks other than SCSI commands: pings, task management, text, logout. */
    private abstract static class SimpleTask {
        int itt;
        long deadlineNanos;
    }

    private static final class PingTask extends SimpleTask {
        final long sentNanos;

        PingTask(long sentNanos) {
            this.sentNanos = sentNanos;
        }
    }

    private static final class TmfTask extends SimpleTask {
        final int function;
        final ScsiTask victim;

        TmfTask(int function, ScsiTask victim) {
            this.function = function;
            this.victim = victim;
        }
    }

    private static final class TextTask extends SimpleTask {
        static final int MAX_TEXT = 1 << 20;
        final List<KeyValue> request;
        final CompositeByteBuf text;
        final CompletableFuture<List<KeyValue>> future = new CompletableFuture<>();

        TextTask(List<KeyValue> request, CompositeByteBuf text) {
            this.request = request;
            this.text = text;
        }
    }

    private static final class LogoutTask extends SimpleTask {
    }
}
