package io.lunbridge.protocol.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.pdu.AsyncMessage;
import io.lunbridge.protocol.pdu.DataIn;
import io.lunbridge.protocol.pdu.DataOut;
import io.lunbridge.protocol.pdu.LogoutRequest;
import io.lunbridge.protocol.pdu.LogoutResponse;
import io.lunbridge.protocol.pdu.NopIn;
import io.lunbridge.protocol.pdu.NopOut;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.R2t;
import io.lunbridge.protocol.pdu.Reject;
import io.lunbridge.protocol.pdu.ScsiCommand;
import io.lunbridge.protocol.pdu.ScsiResponse;
import io.lunbridge.protocol.pdu.TaskManagementRequest;
import io.lunbridge.protocol.pdu.TaskManagementResponse;
import io.lunbridge.protocol.pdu.TextRequest;
import io.lunbridge.protocol.pdu.TextResponse;
import io.lunbridge.protocol.text.SessionParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The full-feature session against a scripted target on an EmbeddedChannel: PDUs the session
 * writes are read back as records, and the test answers as a target would.
 */
class SessionTest {
    private static final long LUN = 0x0001_0000_0000_0000L;
    private static final int CMDSN = 100;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private EmbeddedChannel channel;
    private Session session;
    private int statSn = 50;

    private static SessionParameters params(boolean initialR2t, boolean immediateData, int firstBurst, int maxXmit) {
        return new SessionParameters(false, false, 262144, maxXmit, 262144, firstBurst, initialR2t, immediateData,
                1, true, true, 0, 2, 0, 1, "", 1);
    }

    private void open(SessionParameters p, int maxCmdSn, SessionConfig config) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        session = new Session(channel, new LoginResult(p, 7, CMDSN, statSn, CMDSN, maxCmdSn), config, "iqn.t @ test",
                now::get);
    }

    private void open(SessionParameters p) {
        open(p, CMDSN + 31, SessionConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            Object o;
            while ((o = channel.readOutbound()) != null) {
                ((Pdu) o).release();
            }
            channel.finishAndReleaseAll();
        }
    }

    private <T extends Pdu> T out(Class<T> type) {
        Object o = channel.readOutbound();
        assertInstanceOf(type, o, "next PDU written by the session");
        return type.cast(o);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
        channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private ScsiResponse good(int itt) {
        return new ScsiResponse(false, false, false, false, 0, 0, itt, 0, statSn++, CMDSN + 1, CMDSN + 32, 0, 0, 0,
                Unpooled.EMPTY_BUFFER);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static SessionException failure(CompletableFuture<?> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
        return assertInstanceOf(SessionException.class, e.getCause());
    }

    @Test
    void readReassemblesDataInWithoutCopyingAndCompletesOnStatusInLastDataIn() throws Exception {
        open(params(true, true, 65536, 8192));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.read(LUN, new byte[16], 8192, "READ test"));
        ScsiCommand cmd = out(ScsiCommand.class);
        assertTrue(cmd.read());
        assertFalse(cmd.write());
        assertTrue(cmd.finalPdu());
        assertEquals(CMDSN, cmd.cmdSn());
        assertEquals(8192, cmd.expectedDataTransferLength());
        assertEquals(LUN, cmd.lun());
        byte[] data = random(8192, 1);
        ByteBuf first = Unpooled.copiedBuffer(data, 0, 4096);
        ByteBuf second = Unpooled.copiedBuffer(data, 4096, 4096);
        channel.writeInbound(new DataIn(false, false, false, false, false, 0, LUN, cmd.initiatorTaskTag(), -1, 0,
                CMDSN + 1, CMDSN + 32, 0, 0, 0, first));
        assertFalse(f.isDone());
        channel.writeInbound(new DataIn(true, false, false, false, true, 0, LUN, cmd.initiatorTaskTag(), -1,
                statSn++, CMDSN + 1, CMDSN + 32, 1, 4096, 0, second));
        ScsiResult r = f.get();
        assertTrue(r.good());
        byte[] got = new byte[8192];
        r.data().getBytes(0, got);
        assertArrayEquals(data, got);
        assertEquals(1, first.refCnt(), "the Data-In buffer is referenced by the result, not copied");
        r.data().release();
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
    }

    @Test
    void writeSendsImmediateDataThenDataOutPerR2tAndCompletesOnlyOnTargetStatus() throws Exception {
        open(params(true, true, 65536, 8192));
        byte[] data = random(100_000, 2);
        ByteBuf buf = Unpooled.copiedBuffer(data);
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.write(LUN, new byte[16], buf, "WRITE test"));
        ScsiCommand cmd = out(ScsiCommand.class);
        assertTrue(cmd.write());
        assertTrue(cmd.finalPdu(), "InitialR2T=Yes: no unsolicited Data-Out follows the command");
        assertEquals(8192, cmd.data().readableBytes(), "immediate data up to MaxRecvDataSegmentLength of the target");
        assertArrayEquals(java.util.Arrays.copyOf(data, 8192), bytes(cmd.data()));
        assertNull(channel.readOutbound());

        channel.writeInbound(new R2t(LUN, cmd.initiatorTaskTag(), 0x77, statSn, CMDSN + 1, CMDSN + 32, 0, 8192,
                100_000 - 8192));
        List<DataOut> outs = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            outs.add((DataOut) o);
        }
        int expectedOffset = 8192;
        for (int i = 0; i < outs.size(); i++) {
            DataOut d = outs.get(i);
            assertEquals(0x77, d.targetTransferTag());
            assertEquals(i, d.dataSn());
            assertEquals(expectedOffset, d.bufferOffset());
            assertTrue(d.data().readableBytes() <= 8192);
            assertEquals(i == outs.size() - 1, d.finalPdu());
            assertArrayEquals(java.util.Arrays.copyOfRange(data, expectedOffset, expectedOffset + d.data().readableBytes()),
                    bytes(d.data()));
            expectedOffset += d.data().readableBytes();
        }
        assertEquals(100_000, expectedOffset);
        assertFalse(f.isDone(), "a write is not acknowledged before the target's status");
        cmd.release();
        outs.forEach(DataOut::release);
        channel.writeInbound(good(cmd.initiatorTaskTag()));
        assertTrue(f.get().good());
        assertEquals(1, buf.refCnt(), "the write buffer is borrowed: the session never releases the submitter's reference");
        buf.release();
    }

    @Test
    void writeWithInitialR2tNoSendsUnsolicitedDataUpToFirstBurst() throws Exception {
        open(params(false, true, 20000, 8192));
        ByteBuf buf = Unpooled.copiedBuffer(random(50_000, 3));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.write(LUN, new byte[16], buf, "WRITE test"));
        ScsiCommand cmd = out(ScsiCommand.class);
        assertFalse(cmd.finalPdu(), "unsolicited Data-Out follows");
        assertEquals(8192, cmd.data().readableBytes());
        DataOut d1 = out(DataOut.class);
        DataOut d2 = out(DataOut.class);
        assertNull(channel.readOutbound());
        assertEquals(Pdu.RESERVED_TAG, d1.targetTransferTag());
        assertEquals(8192, d1.bufferOffset());
        assertEquals(8192, d1.data().readableBytes());
        assertFalse(d1.finalPdu());
        assertEquals(16384, d2.bufferOffset());
        assertEquals(20000 - 16384, d2.data().readableBytes());
        assertTrue(d2.finalPdu());
        cmd.release();
        d1.release();
        d2.release();
        channel.writeInbound(good(cmd.initiatorTaskTag()));
        assertTrue(f.get().good());
    }

    @Test
    void commandsWaitWhileTheWindowIsClosedAndAnyTargetPduOpensIt() throws Exception {
        open(params(true, true, 65536, 8192), CMDSN - 1, SessionConfig.defaults());
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TEST UNIT READY"));
        assertNull(channel.readOutbound(), "window [100, 99] is closed");
        channel.writeInbound(new NopIn(0, Pdu.RESERVED_TAG, Pdu.RESERVED_TAG, statSn, CMDSN, CMDSN, Unpooled.EMPTY_BUFFER));
        ScsiCommand cmd = out(ScsiCommand.class);
        assertEquals(CMDSN, cmd.cmdSn());
        channel.writeInbound(good(cmd.initiatorTaskTag()));
        assertTrue(f.get().good());
    }

    @Test
    void manyCommandsInFlightGetDistinctTagsAndConsecutiveCmdSns() throws Exception {
        open(params(true, true, 65536, 8192), CMDSN + 63, SessionConfig.defaults());
        List<CompletableFuture<ScsiResult>> futures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            futures.add(session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR " + i)));
        }
        List<ScsiCommand> cmds = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ScsiCommand c = out(ScsiCommand.class);
            assertEquals(CMDSN + i, c.cmdSn());
            assertTrue(cmds.stream().noneMatch(x -> x.initiatorTaskTag() == c.initiatorTaskTag()));
            cmds.add(c);
        }
        for (int i = 63; i >= 0; i--) {
            channel.writeInbound(good(cmds.get(i).initiatorTaskTag()));
        }
        for (CompletableFuture<ScsiResult> f : futures) {
            assertTrue(f.get().good());
        }
    }

    @Test
    void targetNopInPingIsAnsweredWithItsTransferTagAndData() {
        open(params(true, true, 65536, 8192));
        channel.writeInbound(new NopIn(0, Pdu.RESERVED_TAG, 0x1234, statSn, CMDSN, CMDSN + 31,
                Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII)));
        NopOut reply = out(NopOut.class);
        assertEquals(Pdu.RESERVED_TAG, reply.initiatorTaskTag());
        assertEquals(0x1234, reply.targetTransferTag());
        assertTrue(reply.immediate());
        assertEquals("ping", reply.data().toString(StandardCharsets.US_ASCII));
        reply.release();
    }

    @Test
    void unansweredKeepalivePingDeclaresTheConnectionDeadAndFailsCommandsAsRetryable() {
        open(params(true, true, 65536, 8192), CMDSN + 31,
                SessionConfig.defaults().withKeepalive(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR"));
        out(ScsiCommand.class);
        advance(Duration.ofSeconds(6));
        NopOut ping = out(NopOut.class);
        assertTrue(ping.initiatorTaskTag() != Pdu.RESERVED_TAG);
        assertEquals(Pdu.RESERVED_TAG, ping.targetTransferTag());
        advance(Duration.ofSeconds(6));
        SessionException e = failure(f);
        assertTrue(e.retryable());
        assertEquals(SessionException.Kind.CONNECTION_LOST, e.kind());
        assertTrue(session.closeFuture().getNow(null).getMessage().contains("did not answer a NOP-Out ping"));
        assertFalse(channel.isOpen());
    }

    @Test
    void aTargetSilentWhileItOwesAnswersIsPingedAfterHalfTheIntervalAnIdleOneAfterAllOfIt() {
        open(params(true, true, 65536, 8192), CMDSN + 31,
                SessionConfig.defaults().withKeepalive(Duration.ofSeconds(4), Duration.ofSeconds(4)));
        advance(Duration.ofMillis(2500));
        assertNull(channel.readOutbound(), "idle: no ping before the whole interval");
        advance(Duration.ofMillis(1750));
        NopOut idlePing = out(NopOut.class);
        channel.writeInbound(new NopIn(0, idlePing.initiatorTaskTag(), Pdu.RESERVED_TAG, statSn, CMDSN, CMDSN + 31,
                Unpooled.EMPTY_BUFFER));
        session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR"));
        out(ScsiCommand.class).release();
        advance(Duration.ofMillis(2250));
        NopOut busyPing = out(NopOut.class);
        assertTrue(busyPing.initiatorTaskTag() != Pdu.RESERVED_TAG, "a command in flight: pinged after half the interval");
    }

    @Test
    void answeredKeepaliveKeepsTheSessionUp() {
        open(params(true, true, 65536, 8192));
        advance(Duration.ofSeconds(6));
        NopOut ping = out(NopOut.class);
        channel.writeInbound(new NopIn(0, ping.initiatorTaskTag(), Pdu.RESERVED_TAG, statSn, CMDSN, CMDSN + 31,
                Unpooled.EMPTY_BUFFER));
        advance(Duration.ofSeconds(4));
        assertEquals(SessionState.LOGGED_IN, session.state());
    }

    @Test
    void timedOutCommandIsAbortedWithAbortTaskThenFailsAsRetryable() {
        open(params(true, true, 65536, 8192), CMDSN + 31,
                SessionConfig.defaults().withKeepalive(Duration.ZERO, Duration.ZERO).withCommandTimeout(Duration.ofSeconds(2)));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR slow"));
        ScsiCommand cmd = out(ScsiCommand.class);
        advance(Duration.ofSeconds(3));
        TaskManagementRequest abort = out(TaskManagementRequest.class);
        assertEquals(TaskManagementRequest.ABORT_TASK, abort.function());
        assertEquals(cmd.initiatorTaskTag(), abort.referencedTaskTag());
        assertEquals(cmd.cmdSn(), abort.refCmdSn());
        assertTrue(abort.immediate());
        assertFalse(f.isDone());
        channel.writeInbound(new TaskManagementResponse(0, abort.initiatorTaskTag(), statSn++, CMDSN + 1, CMDSN + 32));
        SessionException e = failure(f);
        assertEquals(SessionException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("TUR slow"), e.getMessage());
    }

    @Test
    void unansweredAbortEscalatesToLogicalUnitReset() {
        open(params(true, true, 65536, 8192), CMDSN + 31, new SessionConfig(Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR stuck"));
        out(ScsiCommand.class);
        advance(Duration.ofSeconds(3));
        out(TaskManagementRequest.class);
        advance(Duration.ofSeconds(3));
        TaskManagementRequest reset = out(TaskManagementRequest.class);
        assertEquals(TaskManagementRequest.LOGICAL_UNIT_RESET, reset.function());
        assertEquals(LUN, reset.lun());
        channel.writeInbound(new TaskManagementResponse(0, reset.initiatorTaskTag(), statSn++, CMDSN + 1, CMDSN + 32));
        assertEquals(SessionException.Kind.TIMEOUT, failure(f).kind());
    }

    @Test
    void rejectOfACommandFailsItWithTheReason() {
        open(params(true, true, 65536, 8192));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR"));
        ScsiCommand cmd = out(ScsiCommand.class);
        ByteBuf header = Unpooled.buffer(48);
        header.writeByte(0x01).writeZero(15).writeInt(cmd.initiatorTaskTag()).writeZero(28);
        channel.writeInbound(new Reject(0x09, statSn++, CMDSN + 1, CMDSN + 32, 0, header));
        SessionException e = failure(f);
        assertEquals(SessionException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("reason 0x9 (invalid PDU field)"), e.getMessage());
        assertEquals(SessionState.LOGGED_IN, session.state());
    }

    @Test
    void targetLogoutRequestDrainsCommandsThenLogsOut() throws Exception {
        open(params(true, true, 65536, 8192));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR"));
        ScsiCommand cmd = out(ScsiCommand.class);
        channel.writeInbound(new AsyncMessage(0, statSn++, CMDSN + 1, CMDSN + 32, AsyncMessage.LOGOUT_REQUESTED, 0,
                0, 2, 20, Unpooled.EMPTY_BUFFER));
        assertNull(channel.readOutbound(), "logout waits for the outstanding command");
        assertEquals("the target requested logout", session.drainingFuture().getNow(null),
                "the owner is told to stop issuing on this path at once");
        SessionException refused = failure(session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR late")));
        assertEquals(SessionException.Kind.LOGGED_OUT, refused.kind());
        channel.writeInbound(good(cmd.initiatorTaskTag()));
        assertTrue(f.get().good());
        LogoutRequest logout = out(LogoutRequest.class);
        assertEquals(LogoutRequest.CLOSE_SESSION, logout.reasonCode());
        channel.writeInbound(new LogoutResponse(0, logout.initiatorTaskTag(), statSn++, CMDSN + 1, CMDSN + 32, 2, 20));
        assertEquals(SessionState.CLOSED, session.state());
        assertEquals(SessionException.Kind.LOGGED_OUT, session.closeFuture().get().kind());
    }

    @Test
    void targetLogoutRequestIsHonouredWithinParameter3EvenWhenACommandHangs() throws Exception {
        open(params(true, true, 65536, 8192));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR stuck"));
        out(ScsiCommand.class).release();
        channel.writeInbound(new AsyncMessage(0, statSn++, CMDSN + 1, CMDSN + 32, AsyncMessage.LOGOUT_REQUESTED, 0,
                0, 0, 3, Unpooled.EMPTY_BUFFER));
        advance(Duration.ofSeconds(2));
        assertFalse(f.isDone(), "within Parameter3 the outstanding command may still complete");
        advance(Duration.ofSeconds(2));
        SessionException e = failure(f);
        assertEquals(SessionException.Kind.CONNECTION_LOST, e.kind());
        assertTrue(e.retryable(), "a command the target never answered may be re-issued on another path");
        assertEquals(SessionException.Kind.LOGGED_OUT, session.closeFuture().get().kind());
    }

    @Test
    void aConnectionDropByTheTargetFailsCommandsAsRetryableAndKeepsItsTime2Wait() throws Exception {
        open(params(true, true, 65536, 8192));
        assertEquals(-1, session.requestedTime2Wait());
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR"));
        out(ScsiCommand.class).release();
        channel.writeInbound(new AsyncMessage(0, statSn++, CMDSN + 1, CMDSN + 32, AsyncMessage.CONNECTION_DROP, 0,
                1, 7, 20, Unpooled.EMPTY_BUFFER));
        assertTrue(failure(f).retryable());
        assertEquals(7, session.requestedTime2Wait(), "the re-login waits the target's Time2Wait");
        assertTrue(session.closeFuture().get().getMessage().contains("Time2Wait 7 s"));
    }

    @Test
    void dataInForAnUnknownTaskIsAProtocolErrorNamingTheTag() throws Exception {
        open(params(true, true, 65536, 8192));
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.noData(LUN, new byte[16], "TUR"));
        out(ScsiCommand.class);
        channel.writeInbound(new DataIn(true, false, false, false, true, 0, LUN, 0x4242, -1, statSn, CMDSN + 1,
                CMDSN + 32, 0, 0, 0, Unpooled.copiedBuffer(new byte[512])));
        SessionException reason = session.closeFuture().get();
        assertEquals(SessionException.Kind.PROTOCOL, reason.kind());
        assertTrue(reason.getMessage().contains("unknown ITT 0x4242"), reason.getMessage());
        assertTrue(failure(f).retryable());
    }

    @Test
    void dataInOutOfOrderIsAProtocolErrorNamingTheOffset() throws Exception {
        open(params(true, true, 65536, 8192));
        session.execute(ScsiRequest.read(LUN, new byte[16], 8192, "READ"));
        ScsiCommand cmd = out(ScsiCommand.class);
        channel.writeInbound(new DataIn(false, false, false, false, false, 0, LUN, cmd.initiatorTaskTag(), -1, 0,
                CMDSN + 1, CMDSN + 32, 0, 4096, 0, Unpooled.copiedBuffer(new byte[4096])));
        SessionException reason = session.closeFuture().get();
        assertTrue(reason.getMessage().contains("BufferOffset 4096"), reason.getMessage());
    }

    @Test
    void r2tBeyondTheWriteIsAProtocolError() throws Exception {
        open(params(true, false, 65536, 8192));
        session.execute(ScsiRequest.write(LUN, new byte[16], Unpooled.copiedBuffer(new byte[4096]), "WRITE"));
        ScsiCommand cmd = out(ScsiCommand.class);
        channel.writeInbound(new R2t(LUN, cmd.initiatorTaskTag(), 1, statSn, CMDSN + 1, CMDSN + 32, 0, 0, 8192));
        assertTrue(session.closeFuture().get().getMessage().contains("DesiredDataTransferLength 8192"));
    }

    @Test
    void textExchangeFollowsTheTargetsContinuation() throws Exception {
        open(params(true, true, 65536, 8192));
        CompletableFuture<List<io.lunbridge.protocol.text.KeyValue>> f =
                session.text(List.of(new io.lunbridge.protocol.text.KeyValue("SendTargets", "All")));
        TextRequest first = out(TextRequest.class);
        assertEquals("SendTargets=All\0", first.data().toString(StandardCharsets.US_ASCII));
        channel.writeInbound(new TextResponse(false, true, 0, first.initiatorTaskTag(), 0x55, statSn++, CMDSN,
                CMDSN + 31, Unpooled.copiedBuffer("TargetName=iqn.2026-11.x:t", StandardCharsets.US_ASCII)));
        TextRequest second = out(TextRequest.class);
        assertEquals(0x55, second.targetTransferTag());
        assertEquals(0, second.data().readableBytes());
        channel.writeInbound(new TextResponse(true, false, 0, first.initiatorTaskTag(), Pdu.RESERVED_TAG, statSn++,
                CMDSN, CMDSN + 31, Unpooled.copiedBuffer("1\0TargetAddress=198.18.0.2:3260,1\0", StandardCharsets.US_ASCII)));
        List<io.lunbridge.protocol.text.KeyValue> keys = f.get();
        assertEquals(List.of(new io.lunbridge.protocol.text.KeyValue("TargetName", "iqn.2026-11.x:t1"),
                new io.lunbridge.protocol.text.KeyValue("TargetAddress", "198.18.0.2:3260,1")), keys);
        first.release();
        second.release();
    }

    @Test
    void closingFailsOutstandingCommandsAndReleasesTheirBuffers() {
        open(params(true, false, 65536, 8192));
        ByteBuf buf = Unpooled.copiedBuffer(new byte[4096]);
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.write(LUN, new byte[16], buf, "WRITE"));
        out(ScsiCommand.class).release();
        session.close();
        channel.runPendingTasks();
        assertEquals(SessionException.Kind.CLOSED, failure(f).kind());
        assertEquals(1, buf.refCnt(), "borrowed write data stays valid after a failure, for a re-issue elsewhere");
        assertEquals(4096, buf.readableBytes());
        buf.release();
    }

    @Test
    void theSessionReportsItsFailureBeforeItFailsOutstandingCommands() {
        open(params(true, false, 65536, 8192));
        ByteBuf buf = Unpooled.copiedBuffer(new byte[4096]);
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.write(LUN, new byte[16], buf, "WRITE"));
        out(ScsiCommand.class).release();
        List<String> order = new ArrayList<>();
        session.closeFuture().thenRun(() -> order.add("session failed, command done: " + f.isDone()));
        f.whenComplete((r, e) -> order.add("command failed"));
        channel.pipeline().fireChannelInactive();
        channel.runPendingTasks();
        assertEquals(List.of("session failed, command done: false", "command failed"), order);
        assertEquals(SessionException.Kind.CONNECTION_LOST, failure(f).kind());
        assertTrue(failure(f).retryable());
        buf.release();
    }

    @Test
    void drainingIsReportedBeforeTheCommandsWaitingForTheWindowFailAndTheirWriteDataStaysBorrowed() throws Exception {
        open(params(true, false, 65536, 8192), CMDSN - 1, SessionConfig.defaults());
        ByteBuf buf = Unpooled.copiedBuffer(new byte[4096]);
        CompletableFuture<ScsiResult> f = session.execute(ScsiRequest.write(LUN, new byte[16], buf, "WRITE queued"));
        assertNull(channel.readOutbound(), "window [100, 99] is closed");
        List<String> order = new ArrayList<>();
        session.drainingFuture().thenRun(() -> order.add("draining, queued command done: " + f.isDone()));
        f.whenComplete((r, e) -> order.add("queued command failed"));
        CompletableFuture<Void> done = session.logout();
        assertEquals(List.of("draining, queued command done: false", "queued command failed"), order);
        SessionException e = failure(f);
        assertEquals(SessionException.Kind.LOGGED_OUT, e.kind());
        assertTrue(e.getMessage().contains("WRITE queued not sent: session iqn.t @ test is logging out"), e.getMessage());
        assertEquals(1, buf.refCnt(), "the session never releases the borrowed write data");
        LogoutRequest logout = out(LogoutRequest.class);
        assertFalse(done.isDone(), "logout completes on the Logout Response");
        channel.writeInbound(new LogoutResponse(0, logout.initiatorTaskTag(), statSn++, CMDSN, CMDSN + 31, 2, 20));
        assertTrue(done.isDone());
        assertEquals(SessionState.CLOSED, session.state());
        buf.release();
    }

    @Test
    void anUnansweredTextExchangeTimesOutWithoutTaskManagementAndTheSessionStaysUp() {
        open(params(true, true, 65536, 8192), CMDSN + 31,
                SessionConfig.defaults().withKeepalive(Duration.ZERO, Duration.ZERO).withCommandTimeout(Duration.ofSeconds(2)));
        CompletableFuture<List<io.lunbridge.protocol.text.KeyValue>> f =
                session.text(List.of(new io.lunbridge.protocol.text.KeyValue("SendTargets", "All")));
        out(TextRequest.class).release();
        advance(Duration.ofSeconds(3));
        SessionException e = failure(f);
        assertEquals(SessionException.Kind.TIMEOUT, e.kind());
        assertEquals("text exchange with iqn.t @ test timed out", e.getMessage());
        assertNull(channel.readOutbound(), "a text exchange is not aborted with task management");
        assertEquals(SessionState.LOGGED_IN, session.state());
    }

    @Test
    void aRejectedTextExchangeFailsWithTheReasonAndTheSessionStaysUp() {
        open(params(true, true, 65536, 8192));
        CompletableFuture<List<io.lunbridge.protocol.text.KeyValue>> f =
                session.text(List.of(new io.lunbridge.protocol.text.KeyValue("SendTargets", "All")));
        TextRequest request = out(TextRequest.class);
        ByteBuf header = Unpooled.buffer(48);
        header.writeByte(0x04).writeZero(15).writeInt(request.initiatorTaskTag()).writeZero(28);
        request.release();
        channel.writeInbound(new Reject(0x09, statSn++, CMDSN + 1, CMDSN + 32, 0, header));
        SessionException e = failure(f);
        assertEquals(SessionException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("opcode 0x4"), e.getMessage());
        assertTrue(e.getMessage().contains("reason 0x9 (invalid PDU field)"), e.getMessage());
        assertEquals(SessionState.LOGGED_IN, session.state());
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }
}
