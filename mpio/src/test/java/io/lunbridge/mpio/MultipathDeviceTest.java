package io.lunbridge.mpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.lunbridge.protocol.login.LoginException;
import io.lunbridge.protocol.lu.LunInfo;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.ScsiCommand;
import io.lunbridge.protocol.pdu.ScsiResponse;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.session.LoginResult;
import io.lunbridge.protocol.session.Session;
import io.lunbridge.protocol.session.SessionConfig;
import io.lunbridge.protocol.text.SessionParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The multipath device over two (or three) sessions on EmbeddedChannels that the test answers as a
 * target would: failover re-issue, queueing, the replacement timeout, ALUA standby and flush order.
 */
class MultipathDeviceTest {
    private static final int BLOCK = 512;
    private static final int CMDSN = 100;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<Nexus> nexuses = new ArrayList<>();
    private EmbeddedChannel loopChannel;
    private MultipathDevice device;
    private final List<Session> nextSessions = new ArrayList<>();
    private int statSn = 10;
    /** Commands the target's initial window admits (MaxCmdSN - ExpCmdSN + 1). */
    private int window = 64;
    /** Logins so far; a null in {@code nextSessions} fails the next re-login (not the first login). */
    private int logins;

    private static SessionParameters params() {
        return new SessionParameters(false, false, 262144, 65536, 262144, 65536, false, true,
                1, true, true, 0, 0, 0, 1, "", 1);
    }

    private Session newSession() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        channels.add(ch);
        return new Session(ch, new LoginResult(params(), channels.size(), CMDSN, statSn, CMDSN, CMDSN + window - 1),
                SessionConfig.defaults().withKeepalive(Duration.ZERO, Duration.ofSeconds(5)), "iqn.t @ path" + channels.size());
    }

    private EmbeddedChannel channelOf(Session s) {
        return (EmbeddedChannel) s.channel();
    }

    /** A device over {@code n} paths, every one logged in and ACTIVE. */
    private void open(int n, MpioSettings settings) {
        loopChannel = new EmbeddedChannel();
        loopChannel.freezeTime();
        LunInfo info = new LunInfo(Lun.ofNumber(1), "LIO", "disk", "1", 0, Optional.of("naa.6001"), Optional.empty(),
                new Geometry(64L << 20, BLOCK, BLOCK, 0, 1 << 20, false, false, false, false, true, true),
                new LunInfo.TransferLimits(0, 0, 0, 0));
        device = new MultipathDevice("iqn.t/lun1", info, loopChannel.eventLoop(), settings, now::get);
        for (int i = 0; i < n; i++) {
            Nexus nexus = new Nexus(new PathEndpoint("eth" + i, "198.18.0." + (4 * i + 2), 3260), "iqn.t", 0x80_0000_0000L + i,
                    loopChannel.eventLoop(), (ep, pdus) -> {
                        if (!nextSessions.isEmpty() && nextSessions.get(0) == null && logins++ > 0) {
                            nextSessions.remove(0);
                            return CompletableFuture.failedFuture(new LoginException(LoginException.Kind.AUTHENTICATION,
                                    "authentication failed for initiator iqn.i at target iqn.t (login status 0x0201)"));
                        }
                        Session s = nextSessions.isEmpty() || nextSessions.get(0) == null ? newSession() : nextSessions.remove(0);
                        return CompletableFuture.completedFuture(s);
                    }, settings, now::get);
            LunPath path = new LunPath(nexus, Lun.ofNumber(1), i, device.name(), PathState.FAILED, "not logged in", now.get());
            nexus.addListener(new Nexus.Listener() {
                @Override
                public void up(Nexus x, Session s) {
                    path.transition(PathState.REINSTATING, "logged in", now.get());
                    path.transition(PathState.ACTIVE, "checked", now.get());
                    device.pathsChanged();
                }

                @Override
                public void down(Nexus x, String reason) {
                    path.transition(PathState.FAILED, reason, now.get());
                    device.pathsChanged();
                }
            });
            device.addPath(path);
            nexuses.add(nexus);
            nexus.start();
        }
        run();
    }

    private void run() {
        for (int i = 0; i < 3; i++) {
            loopChannel.runPendingTasks();
            for (EmbeddedChannel c : List.copyOf(channels)) {
                c.runPendingTasks();
            }
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
        loopChannel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        loopChannel.runScheduledPendingTasks();
        run();
    }

    @AfterEach
    void tearDown() {
        for (EmbeddedChannel c : channels) {
            Object o;
            while ((o = c.readOutbound()) != null) {
                ((Pdu) o).release();
            }
            c.finishAndReleaseAll();
        }
        if (loopChannel != null) {
            loopChannel.finishAndReleaseAll();
        }
    }

    private ScsiCommand command(Session s) {
        Object o = channelOf(s).readOutbound();
        assertInstanceOf(ScsiCommand.class, o, "a SCSI command on " + s.name());
        return (ScsiCommand) o;
    }

    private void answer(Session s, ScsiCommand cmd, int status, byte[] sense) {
        ByteBuf data = Unpooled.EMPTY_BUFFER;
        if (sense.length > 0) {
            data = Unpooled.buffer().writeShort(sense.length).writeBytes(sense);
        }
        channelOf(s).writeInbound(new ScsiResponse(false, false, false, false, 0, status, cmd.initiatorTaskTag(), 0,
                statSn++, CMDSN + 1, CMDSN + 64, 0, 0, 0, data));
        run();
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }

    private Session session(int path) {
        return nexuses.get(path).session();
    }

    private void dropConnection(int path) {
        channelOf(session(path)).pipeline().fireChannelInactive();
        run();
    }

    @Test
    void aWriteOnAFailedPathIsReissuedOnTheOtherPathWithTheSameDataAndCompletesOnce() throws Exception {
        open(2, MpioSettings.defaults());
        byte[] payload = new byte[4096];
        new java.util.Random(7).nextBytes(payload);
        Session a = session(0);
        Session b = session(1);
        CompletableFuture<Void> w = device.write(8192, Unpooled.copiedBuffer(payload), false);
        run();
        ScsiCommand first = command(a);
        assertArrayEquals(payload, bytes(first.data()), "immediate data on path 0");
        first.release();
        assertNull(channelOf(b).readOutbound(), "failover policy: one path at a time");
        dropConnection(0);
        assertFalse(w.isDone(), "not acknowledged: no target has answered yet");
        ScsiCommand again = command(b);
        assertArrayEquals(payload, bytes(again.data()), "the same bytes, re-issued as a new task on path 1");
        assertArrayEquals(first.cdb(), again.cdb(), "the same LBAs");
        again.release();
        answer(b, again, 0, new byte[0]);
        w.get(1, TimeUnit.SECONDS);
        DeviceStatus st = device.status().get();
        assertEquals(1, st.failovers());
        assertEquals(PathState.FAILED, st.paths().get(0).state());
        assertEquals(PathState.ACTIVE, st.paths().get(1).state());
        assertEquals(DeviceState.RUNNING, st.state());
    }

    @Test
    void withEveryPathDownIoQueuesUntilAPathIsBackAndThenCompletes() throws Exception {
        open(2, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.ofSeconds(30)));
        dropConnection(0);
        dropConnection(1);
        assertEquals(DeviceState.QUEUEING, device.state());
        CompletableFuture<ByteBuf> r = device.read(0, 4096);
        run();
        advance(Duration.ofMillis(500));
        assertFalse(r.isDone(), "queued, not failed");
        assertEquals(30.0, device.status().get().queueingSecondsLeft(), 1.0);
        Session back = newSession();
        nextSessions.add(back);
        nextSessions.add(newSession());
        advance(Duration.ofSeconds(2)); // the re-login back-off (1 s) passes: both paths log in again
        assertEquals(DeviceState.RUNNING, device.state());
        PathStatus again = device.status().get().paths().get(0);
        assertEquals(PathState.ACTIVE, again.state());
        assertEquals(null, again.reason(), "an ACTIVE path has no reason");
        assertEquals("checked", again.lastChange(), // the reinstatement reason of this test's nexus listener
                "but the reason of its last change is kept for status");
        ScsiCommand read = command(back);
        assertTrue(read.read());
        read.release();
        channelOf(back).writeInbound(new io.lunbridge.protocol.pdu.DataIn(true, false, false, false, true, 0, 0,
                read.initiatorTaskTag(), -1, statSn++, CMDSN + 1, CMDSN + 64, 0, 0, 0, Unpooled.wrappedBuffer(new byte[4096])));
        run();
        ByteBuf data = r.get(1, TimeUnit.SECONDS);
        assertEquals(4096, data.readableBytes());
        data.release();
    }

    @Test
    void afterTheReplacementTimeoutQueuedAndNewIoFailWithEioUntilAPathIsBack() throws Exception {
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.ofSeconds(10))
                .withRelogin(Duration.ofSeconds(100), Duration.ofSeconds(100)));
        dropConnection(0);
        CompletableFuture<Void> w = device.write(0, Unpooled.wrappedBuffer(new byte[512]), false);
        run();
        advance(Duration.ofSeconds(9));
        assertFalse(w.isDone(), "not before the replacement timeout");
        advance(Duration.ofSeconds(2));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, w::get);
        BlockIoException io = assertInstanceOf(BlockIoException.class, e.getCause());
        assertEquals(BlockIoException.Kind.IO, io.kind());
        assertTrue(io.getMessage().contains("replacement timeout of 10 s"), io.getMessage());
        assertEquals(DeviceState.FAILED, device.state());
        CompletableFuture<ByteBuf> late = device.read(0, 512);
        run();
        assertTrue(late.isCompletedExceptionally(), "new I/O fails at once while no path is back");
        assertEquals(1, device.status().get().ioFailureEpisodes());
        advance(Duration.ofSeconds(100)); // re-login
        assertEquals(DeviceState.RUNNING, device.state());
        CompletableFuture<ByteBuf> again = device.read(0, 512);
        run();
        ScsiCommand cmd = command(session(0));
        cmd.release();
        channelOf(session(0)).writeInbound(new io.lunbridge.protocol.pdu.DataIn(true, false, false, false, true, 0, 0,
                cmd.initiatorTaskTag(), -1, statSn++, CMDSN + 1, CMDSN + 64, 0, 0, 0, Unpooled.wrappedBuffer(new byte[512])));
        run();
        again.get(1, TimeUnit.SECONDS).release();
    }

    @Test
    void anExpiredReplacementTimeoutReportsTheEpisodeOnceAtTheFirstFailureAndTheRestWhenAPathIsBack()
            throws Exception {
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.ofSeconds(10))
                .withRelogin(Duration.ofSeconds(100), Duration.ofSeconds(100)));
        List<IoFailure> reports = new ArrayList<>();
        device.onIoFailure(reports::add);
        dropConnection(0);
        CompletableFuture<Void> w1 = device.write(0, Unpooled.wrappedBuffer(new byte[512]), false);
        CompletableFuture<Void> w2 = device.write(512, Unpooled.wrappedBuffer(new byte[512]), false);
        run();
        advance(Duration.ofSeconds(9));
        assertEquals(List.of(), reports, "queueing is no failure");
        advance(Duration.ofSeconds(2));
        assertTrue(w1.isCompletedExceptionally() && w2.isCompletedExceptionally());
        assertEquals(1, reports.size(), reports.toString());
        IoFailure first = reports.get(0);
        assertEquals("iqn.t/lun1", first.device());
        assertTrue(first.newEpisode());
        assertEquals("replacement timeout expired", first.reason());
        assertEquals(2, first.failed(), "both queued writes");
        for (int i = 0; i < 3; i++) {
            device.read(0, 512);
            run();
        }
        assertEquals(1, reports.size(), "failing I/O in state FAILED is not reported one by one");
        advance(Duration.ofSeconds(100)); // re-login: the episode ends
        assertEquals(DeviceState.RUNNING, device.state());
        assertEquals(2, reports.size(), reports.toString());
        IoFailure rest = reports.get(1);
        assertFalse(rest.newEpisode());
        assertEquals(first.since(), rest.since());
        assertEquals(3, rest.failed(), "the reads failed after the first report");
    }

    @Test
    void anEpisodeWithoutFailedIoIsNotReportedAndAZeroTimeoutSaysSo() throws Exception {
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.ofSeconds(10))
                .withRelogin(Duration.ofSeconds(100), Duration.ofSeconds(100)));
        List<IoFailure> reports = new ArrayList<>();
        device.onIoFailure(reports::add);
        dropConnection(0);
        advance(Duration.ofSeconds(11));
        assertEquals(DeviceState.FAILED, device.state());
        assertEquals(List.of(), reports, "the timeout expired with nothing queued: no I/O failed");
        advance(Duration.ofSeconds(100));
        assertEquals(DeviceState.RUNNING, device.state());
        assertEquals(List.of(), reports);
        device.setReplacementTimeout(ReplacementTimeout.ofSeconds(0));
        run();
        dropConnection(0);
        device.read(0, 512);
        run();
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("no usable path and the replacement timeout is 0", reports.get(0).reason());
        assertEquals(1, reports.get(0).failed());
    }

    @Test
    void aZeroReplacementTimeoutFailsAtOnceAndTheTimeoutCanBeChangedWhileQueueing() throws Exception {
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.QUEUE)
                .withRelogin(Duration.ofSeconds(1000), Duration.ofSeconds(1000)));
        dropConnection(0);
        CompletableFuture<ByteBuf> r = device.read(0, 512);
        run();
        advance(Duration.ofSeconds(600));
        assertFalse(r.isDone(), "queue: forever");
        device.setReplacementTimeout(ReplacementTimeout.ofSeconds(0));
        run();
        assertTrue(r.isCompletedExceptionally(), "0: fail at once, the queued read too");
    }

    @Test
    void disablingQueueingFailsTheQueuedIoOfAQueueForeverDeviceAndLeavesAFiniteTimeoutAlone() throws Exception {
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.QUEUE)
                .withRelogin(Duration.ofSeconds(1000), Duration.ofSeconds(1000)));
        dropConnection(0);
        CompletableFuture<ByteBuf> r = device.read(0, 512);
        run();
        advance(Duration.ofSeconds(600));
        assertFalse(r.isDone(), "queue: forever");
        CompletableFuture<Boolean> changed = device.disableQueueing();
        run();
        assertTrue(changed.get(1, TimeUnit.SECONDS), "a queue-forever device is changed");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, r::get);
        assertEquals(BlockIoException.Kind.IO, assertInstanceOf(BlockIoException.class, e.getCause()).kind());
        assertEquals(DeviceState.FAILED, device.state());
        assertEquals("0", device.replacementTimeout().toString());

        device.setReplacementTimeout(ReplacementTimeout.ofSeconds(30));
        run();
        CompletableFuture<Boolean> again = device.disableQueueing();
        run();
        assertFalse(again.get(1, TimeUnit.SECONDS), "a finite timeout already ends its wait: left alone");
        assertEquals("30", device.replacementTimeout().toString());
    }

    @Test
    void aluaStandbyMovesTheCommandToAnotherPathAndThePathToStandby() throws Exception {
        open(2, MpioSettings.defaults());
        CompletableFuture<Void> f = device.flush();
        run();
        ScsiCommand onA = command(session(0));
        onA.release();
        byte[] standby = new byte[18];
        standby[0] = 0x70;
        standby[2] = 0x02;
        standby[7] = 10;
        standby[12] = 0x04;
        standby[13] = 0x0b;
        answer(session(0), onA, 0x02, standby);
        ScsiCommand onB = command(session(1));
        onB.release();
        answer(session(1), onB, 0, new byte[0]);
        f.get(1, TimeUnit.SECONDS);
        assertEquals(PathState.STANDBY, device.status().get().paths().get(0).state());
    }

    @Test
    void aMediumErrorFailsUpwardWithoutFailover() throws Exception {
        open(2, MpioSettings.defaults());
        CompletableFuture<ByteBuf> r = device.read(0, 512);
        run();
        ScsiCommand cmd = command(session(0));
        cmd.release();
        byte[] medium = new byte[18];
        medium[0] = 0x70;
        medium[2] = 0x03;
        medium[7] = 10;
        medium[12] = 0x11;
        answer(session(0), cmd, 0x02, medium);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, r::get);
        assertTrue(e.getCause().getMessage().contains("MEDIUM ERROR"), e.getCause().getMessage());
        assertNull(channelOf(session(1)).readOutbound(), "never sent to the other path");
        assertEquals(0, device.status().get().failovers());
    }

    @Test
    void aFlushWaitsForTheWritesInFlightIncludingReissuedOnes() throws Exception {
        open(2, MpioSettings.defaults());
        CompletableFuture<Void> w = device.write(0, Unpooled.wrappedBuffer(new byte[512]), false);
        run();
        command(session(0)).release();
        CompletableFuture<Void> flush = device.flush();
        run();
        assertNull(channelOf(session(0)).readOutbound(), "no SYNCHRONIZE CACHE before the write completed");
        dropConnection(0);
        ScsiCommand reissued = command(session(1));
        reissued.release();
        assertNull(channelOf(session(1)).readOutbound(), "still no SYNCHRONIZE CACHE: the re-issued write is pending");
        answer(session(1), reissued, 0, new byte[0]);
        w.get(1, TimeUnit.SECONDS);
        ScsiCommand sync = command(session(1));
        sync.release();
        assertEquals(0x91, sync.cdb()[0] & 0xff, "SYNCHRONIZE CACHE(16) after the write");
        assertFalse(flush.isDone());
        answer(session(1), sync, 0, new byte[0]);
        flush.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aluaActiveOptimizedPathsComeFirstAndStandbyOnlyWhenNothingElseIsLeft() throws Exception {
        open(3, MpioSettings.defaults());
        Session optimized = session(1);
        Session standby = session(2);
        List<LunPath> paths = device.paths();
        paths.get(0).applyAlua(io.lunbridge.protocol.scsi.TargetPortGroups.State.ACTIVE_NON_OPTIMIZED, now.get());
        paths.get(1).applyAlua(io.lunbridge.protocol.scsi.TargetPortGroups.State.ACTIVE_OPTIMIZED, now.get());
        paths.get(2).applyAlua(io.lunbridge.protocol.scsi.TargetPortGroups.State.STANDBY, now.get());
        device.reorder();
        assertEquals(PathState.STANDBY, device.status().get().paths().get(2).state());
        CompletableFuture<Void> f = device.flush();
        run();
        ScsiCommand cmd = command(optimized);
        cmd.release();
        answer(optimized, cmd, 0, new byte[0]);
        f.get(1, TimeUnit.SECONDS);
        dropConnection(1);
        dropConnection(0);
        assertEquals(DeviceState.RUNNING, device.state(), "a standby path is still a path");
        CompletableFuture<Void> g = device.flush();
        run();
        ScsiCommand last = command(standby);
        last.release();
        answer(standby, last, 0, new byte[0]);
        g.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aTargetLogoutRequestMovesNewCommandsAtOnceWhileTheOutstandingOneFinishes() throws Exception {
        window = 1;
        open(2, MpioSettings.defaults());
        Session a = session(0);
        Session b = session(1);
        CompletableFuture<Void> first = device.flush();
        run();
        ScsiCommand onA = command(a);
        onA.release();
        // A window of one command: the next command waits in the session for the window.
        CompletableFuture<Void> second = device.flush();
        run();
        assertNull(channelOf(a).readOutbound(), "waiting for the window");
        channelOf(a).writeInbound(new io.lunbridge.protocol.pdu.AsyncMessage(0, statSn++, CMDSN, CMDSN,
                io.lunbridge.protocol.pdu.AsyncMessage.LOGOUT_REQUESTED, 0, 0, 0, 5, Unpooled.EMPTY_BUFFER));
        run();
        assertEquals(PathState.FAILED, device.status().get().paths().get(0).state(), "path 0 stops taking commands");
        ScsiCommand onB = command(b);
        onB.release();
        answer(b, onB, 0, new byte[0]);
        second.get(1, TimeUnit.SECONDS);
        assertFalse(first.isDone());
        answer(a, onA, 0, new byte[0]);
        first.get(1, TimeUnit.SECONDS);
        Object logout = channelOf(a).readOutbound();
        assertInstanceOf(io.lunbridge.protocol.pdu.LogoutRequest.class, logout, "then the session logs out");
        assertEquals(1, device.status().get().failovers(), "the waiting command, never sent, went to path 1");
    }

    @Test
    void aFailedReloginSaysWhyInTheStatus() throws Exception {
        nextSessions.add(null);
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.QUEUE));
        dropConnection(0);
        advance(Duration.ofSeconds(2));
        PathStatus p = device.status().get().paths().get(0);
        assertEquals(PathState.FAILED, p.state());
        assertTrue(p.reason().startsWith("login failed: authentication failed for initiator"), p.reason());
        assertTrue(p.reason().contains("(lost: connection to iqn.t @ path1 closed)"), p.reason());
    }

    @Test
    void reloginsAndFailedLoginsAreCountedPerPath() throws Exception {
        nextSessions.add(null);
        open(1, MpioSettings.defaults().withReplacementTimeout(ReplacementTimeout.QUEUE));
        SessionStats first = nexuses.get(0).stats();
        assertEquals(1, first.logins());
        assertEquals(0, first.relogins());
        assertTrue(first.loggedIn());
        assertEquals(Map.of(), first.loginFailures());
        dropConnection(0);
        assertFalse(nexuses.get(0).stats().loggedIn());
        advance(Duration.ofSeconds(2)); // the first re-login fails (authentication)
        assertEquals(Map.of("authentication", 1L), nexuses.get(0).stats().loginFailures());
        assertEquals(0, nexuses.get(0).stats().relogins());
        for (int i = 0; i < 30 && session(0) == null; i++) {
            advance(Duration.ofSeconds(1)); // the back-off passes and the next attempt succeeds
        }
        SessionStats back = nexuses.get(0).stats();
        assertTrue(back.loggedIn());
        assertEquals(2, back.logins());
        assertEquals(1, back.relogins(), "one re-login");
        assertEquals(Map.of("authentication", 1L), back.loginFailures(), "counted once");
        assertEquals("eth0", back.endpoint().netdev());
        assertEquals("iqn.t", back.target());
    }

    @Test
    void roundRobinSpreadsCommandsOverThePaths() throws Exception {
        open(2, MpioSettings.defaults().withPolicy(SelectorPolicy.ROUND_ROBIN));
        CompletableFuture<Void> a = device.flush();
        run();
        CompletableFuture<Void> b = device.flush();
        run();
        ScsiCommand ca = command(session(0));
        ScsiCommand cb = command(session(1));
        ca.release();
        cb.release();
        answer(session(0), ca, 0, new byte[0]);
        answer(session(1), cb, 0, new byte[0]);
        a.get(1, TimeUnit.SECONDS);
        b.get(1, TimeUnit.SECONDS);
    }
}
