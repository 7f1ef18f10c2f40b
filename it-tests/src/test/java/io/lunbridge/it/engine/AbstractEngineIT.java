package io.lunbridge.it.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.Geometry;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.login.LoginException;
import io.lunbridge.protocol.login.MutualChap;
import io.lunbridge.protocol.login.Secret;
import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.lu.LunDirectory;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.session.Session;
import io.lunbridge.protocol.session.SessionConfig;
import io.lunbridge.protocol.session.SessionCounters;
import io.lunbridge.protocol.session.SessionException;
import io.lunbridge.protocol.text.OperationalParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the iSCSI engine must do against every real target. Subclasses start tgtd or istgt; every
 * test here logs in over a veth pair into the target's network namespace.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class AbstractEngineIT {
    static final String INITIATOR = "iqn.2026-11.io.lunbridge.it:initiator";
    static final long MIB = 1024 * 1024;

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Starts the target with what the spec asks for. */
    abstract TargetUnderTest start(TargetUnderTest.Spec spec);

    @AfterEach
    void closeInitiators() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    Initiator initiator(OperationalParameters proposal, SessionConfig session) {
        Initiator i = new Initiator(Initiator.Settings.defaults(INITIATOR).withProposal(proposal).withSession(session));
        toClose.add(i);
        return i;
    }

    Initiator initiator() {
        return initiator(OperationalParameters.defaults(), SessionConfig.defaults());
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    Session login(Initiator i, TargetUnderTest t, Optional<ChapCredentials> chap) throws Exception {
        Session s = await(i.login(t.host(), t.port(), t.iqn(), chap));
        toClose.add(() -> {
            if (s.state() == io.lunbridge.protocol.session.SessionState.LOGGED_IN) {
                s.logout().get(20, TimeUnit.SECONDS);
            }
        });
        return s;
    }

    static Optional<ChapCredentials> chap(String name, String secret) {
        return Optional.of(new ChapCredentials(name, Secret.of(secret), Optional.empty()));
    }

    LogicalUnit open(Session s, int lun) throws Exception {
        return await(LogicalUnit.open(s::execute, Lun.ofNumber(lun)));
    }

    // ------------------------------------------------------------------ discovery and login

    @Test
    void sendTargetsDiscoversTheTargetWithItsPortal() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        List<DiscoveredTarget> found = await(initiator().sendTargets(t.host(), t.port(), Optional.empty()));
        DiscoveredTarget target = found.stream().filter(d -> d.name().equals(t.iqn())).findFirst()
                .orElseThrow(() -> new AssertionError(t.kind() + " did not report " + t.iqn() + ": " + found));
        assertTrue(target.portals().stream().anyMatch(p -> p.host().equals(t.host()) && p.port() == t.port()),
                "portal " + t.host() + ":" + t.port() + " in " + target.portals());
    }

    @Test
    void loginWithoutChapListsTheLunsWithSizeBlockSizeAndIdentity() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(2, 32 * MIB));
        Session s = login(initiator(), t, Optional.empty());
        List<Lun> luns = await(LunDirectory.reportLuns(s::execute));
        for (int n : t.dataLuns()) {
            assertTrue(luns.contains(Lun.ofNumber(n)), "REPORT LUNS " + luns + " lists LUN " + n);
            LogicalUnit lu = open(s, n);
            Geometry g = lu.geometry();
            assertEquals(32 * MIB, g.sizeBytes());
            assertEquals(512, g.logicalBlockSize());
            assertTrue(lu.info().identity().isPresent(), "VPD 0x83 identity of LUN " + n);
            assertFalse(lu.info().vendor().isBlank());
        }
        assertEquals(1, t.connections().getAsInt(), "one TCP connection for the session");
    }

    @Test
    void chapWithTheDefaultNameWhichIsTheInitiatorName() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB).withChap(INITIATOR, "secret-one-2345"));
        Session s = login(initiator(), t, chap(null, "secret-one-2345"));
        assertEquals(t.dataLuns().get(0), open(s, t.dataLuns().get(0)).info().lun().number());
    }

    @Test
    void chapWithAnAlternateName() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB).withChap("alt-user", "secret-two-2345"));
        Session s = login(initiator(), t, chap("alt-user", "secret-two-2345"));
        open(s, t.dataLuns().get(0));
    }

    @Test
    void wrongChapSecretFailsOnceWithAnActionableNonRetryableError() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB).withChap("alt-user", "secret-two-2345"));
        Exception e = assertThrows(Exception.class, () -> login(initiator(), t, chap("alt-user", "wrong-secret-99")));
        LoginException le = assertInstanceOf(LoginException.class, e);
        assertEquals(LoginException.Kind.AUTHENTICATION, le.kind());
        assertFalse(le.retryable(), "no retry storm on a wrong secret");
        assertTrue(le.getMessage().contains(INITIATOR) && le.getMessage().contains(t.iqn())
                && le.getMessage().contains(t.host() + ":" + t.port()), le.getMessage());
        assertFalse(le.getMessage().contains("wrong-secret-99"), "the secret never appears in messages");
        assertEquals(0, t.connections().getAsInt(), "the failed login left no connection behind");
    }

    @Test
    void mutualChapVerifiesTheTarget() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB).withChap("alt-user", "secret-two-2345")
                .withMutual("target-user", "target-secret-678"));
        Optional<ChapCredentials> good = Optional.of(new ChapCredentials("alt-user", Secret.of("secret-two-2345"),
                Optional.of(new MutualChap(null, Secret.of("target-secret-678")))));
        open(login(initiator(), t, good), t.dataLuns().get(0));
        Optional<ChapCredentials> bad = Optional.of(new ChapCredentials("alt-user", Secret.of("secret-two-2345"),
                Optional.of(new MutualChap(null, Secret.of("not-the-target-9")))));
        LoginException le = assertInstanceOf(LoginException.class,
                assertThrows(Exception.class, () -> login(initiator(), t, bad)));
        assertEquals(LoginException.Kind.AUTHENTICATION, le.kind());
    }

    // ------------------------------------------------------------------ data integrity

    /** Sizes from 512 B to 8 MiB, deliberately not multiples of MaxBurstLength (256 KiB). */
    private static final int[] SIZES = {512, 4096, 7680, 65536 + 512, 262144 - 512, 262144 + 512, 1048576 + 3584,
        3 * 1048576 + 1024, 8 * 1048576};

    @Test
    void randomDataOverA256MibLunInMixedSizesReadsBackIdentical() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 256 * MIB));
        Session s = login(initiator(), t, Optional.empty());
        integrityRun(s, t, 256 * MIB, 16, 1);
    }

    @Test
    void headerAndDataDigestsOnWithIntegrity() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 64 * MIB).withDigests());
        Session s = login(initiator(OperationalParameters.defaults().withHeaderDigest("CRC32C")
                .withDataDigest("CRC32C"), SessionConfig.defaults()), t, Optional.empty());
        assertTrue(s.parameters().headerDigest(), "HeaderDigest=CRC32C negotiated");
        assertTrue(s.parameters().dataDigest(), "DataDigest=CRC32C negotiated");
        integrityRun(s, t, 64 * MIB, 8, 2);
    }

    /**
     * Fills the LUN with seeded random data in mixed-size writes (up to {@code depth} in flight),
     * flushes, reads it back in other mixed sizes, and compares SHA-256 of what was written, what
     * was read, and the target's backing file.
     */
    void integrityRun(Session s, TargetUnderTest t, long size, int depth, long seed) throws Exception {
        LogicalUnit lu = open(s, t.dataLuns().get(0));
        assertEquals(size, lu.geometry().sizeBytes());
        byte[] image = new byte[(int) size];
        new Random(seed).nextBytes(image);
        Random sizes = new Random(seed + 100);
        Semaphore window = new Semaphore(depth);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (long off = 0; off < size; ) {
            int n = (int) Math.min(SIZES[sizes.nextInt(SIZES.length)], size - off);
            window.acquire();
            CompletableFuture<Void> w = lu.write(off, Unpooled.wrappedBuffer(image, (int) off, n), false);
            w.whenComplete((v, e) -> window.release());
            writes.add(w);
            off += n;
        }
        for (CompletableFuture<Void> w : writes) {
            await(w);
        }
        await(lu.flush());
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        for (long off = 0; off < size; ) {
            int n = (int) Math.min(SIZES[sizes.nextInt(SIZES.length)], size - off);
            ByteBuf b = await(lu.read(off, n));
            try {
                assertEquals(n, b.readableBytes());
                read.update(b.nioBuffer());
            } finally {
                b.release();
            }
            off += n;
        }
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(image);
        assertArrayEquals(expected, read.digest(), "SHA-256 of the data read back");
        MessageDigest onTarget = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(t.backingFile().apply(t.dataLuns().get(0)))) {
            byte[] buf = new byte[1 << 20];
            for (int r; (r = in.read(buf)) > 0; ) {
                onTarget.update(buf, 0, r);
            }
        }
        assertArrayEquals(expected, onTarget.digest(), "SHA-256 of the target's backing file");
    }

    // ------------------------------------------------------------------ other block commands

    @Test
    void writeZeroesFlushAndFuaWritesReachTheTarget() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        Session s = login(initiator(), t, Optional.empty());
        LogicalUnit lu = open(s, t.dataLuns().get(0));
        byte[] pattern = new byte[(int) MIB];
        new Random(11).nextBytes(pattern);
        await(lu.write(0, Unpooled.wrappedBuffer(pattern), true));
        await(lu.writeZeroes(128 * 1024, 256 * 1024, false, false));
        await(lu.flush());
        byte[] expected = pattern.clone();
        java.util.Arrays.fill(expected, 128 * 1024, 384 * 1024, (byte) 0);
        ByteBuf b = await(lu.read(0, (int) MIB));
        byte[] got = new byte[(int) MIB];
        b.getBytes(0, got);
        b.release();
        assertArrayEquals(expected, got, "zeroed range reads as zeroes, the rest is intact");
        byte[] onTarget = new byte[(int) MIB];
        try (InputStream in = Files.newInputStream(t.backingFile().apply(t.dataLuns().get(0)))) {
            assertEquals(onTarget.length, in.readNBytes(onTarget, 0, onTarget.length));
        }
        assertArrayEquals(expected, onTarget, "the target's backing file holds the same bytes");
    }

    @Test
    void requestsOutsideTheLunAreRefusedBeforeReachingTheTarget() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        Session s = login(initiator(), t, Optional.empty());
        LogicalUnit lu = open(s, t.dataLuns().get(0));
        io.lunbridge.block.BlockIoException e = assertInstanceOf(io.lunbridge.block.BlockIoException.class,
                assertThrows(Exception.class, () -> await(lu.read(16 * MIB - 512, 1024))));
        assertEquals(io.lunbridge.block.BlockIoException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("beyond the end"), e.getMessage());
        e = assertInstanceOf(io.lunbridge.block.BlockIoException.class,
                assertThrows(Exception.class, () -> await(lu.write(100, Unpooled.wrappedBuffer(new byte[512]), false))));
        assertTrue(e.getMessage().contains("not aligned"), e.getMessage());
        assertEquals(0L, await(s.counters()).timeouts());
    }

    // ------------------------------------------------------------------ concurrency and scale

    @Test
    void sixtyFourCommandsInFlightOnOneSession() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 64 * MIB));
        Session s = login(initiator(), t, Optional.empty());
        LogicalUnit lu = open(s, t.dataLuns().get(0));
        byte[] block = new byte[65536];
        new Random(7).nextBytes(block);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            writes.add(lu.write(i * 65536L, Unpooled.wrappedBuffer(block), false));
        }
        for (CompletableFuture<Void> w : writes) {
            await(w);
        }
        List<CompletableFuture<ByteBuf>> reads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            reads.add(lu.read(i * 65536L, 65536));
        }
        for (CompletableFuture<ByteBuf> r : reads) {
            ByteBuf b = await(r);
            byte[] got = new byte[65536];
            b.getBytes(0, got);
            b.release();
            assertArrayEquals(block, got);
        }
        SessionCounters.Snapshot c = await(s.counters());
        int window = c.maxCmdSn() - c.expCmdSn() + 1;
        assertTrue(c.peakCommandsAtTarget() >= Math.min(64, window),
                "peak commands at the target " + c.peakCommandsAtTarget() + " with a command window of " + window);
        assertTrue(c.peakCommandsAtTarget() > 1, "commands overlapped");
    }

    /** How many LUNs this target can put behind one target name (tgtd: 128; istgt: its limit). */
    abstract int manyLuns();

    @Test
    void manyLunsOnOneTargetShareExactlyOneTcpConnection() throws Exception {
        int count = manyLuns();
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(count, 4 * MIB));
        Session s = login(initiator(), t, Optional.empty());
        List<Lun> reported = await(LunDirectory.reportLuns(s::execute));
        List<Lun> data = t.dataLuns().stream().map(Lun::ofNumber).collect(Collectors.toList());
        assertTrue(reported.containsAll(data), "all " + count + " LUNs reported: " + reported.size());
        List<CompletableFuture<LogicalUnit>> opened = new ArrayList<>();
        for (Lun l : data) {
            opened.add(LogicalUnit.open(s::execute, l));
        }
        List<CompletableFuture<Void>> io = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            LogicalUnit lu = await(opened.get(i));
            byte[] mark = ("lun-" + data.get(i)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] block = java.util.Arrays.copyOf(mark, 4096);
            io.add(lu.write(8192, Unpooled.wrappedBuffer(block), true).thenCompose(v -> lu.read(8192, 4096))
                    .thenAccept(b -> {
                        byte[] got = new byte[4096];
                        b.getBytes(0, got);
                        b.release();
                        assertArrayEquals(block, got, "LUN " + lu.info().lun());
                    }));
        }
        for (CompletableFuture<Void> f : io) {
            await(f);
        }
        assertEquals(1, t.connections().getAsInt(), t.kind() + " sees exactly one TCP connection for " + count + " LUNs");
    }

    // ------------------------------------------------------------------ keepalive

    @Test
    void nopKeepaliveNoticesALinkTakenDownWithinItsTimeout() throws Exception {
        TargetUnderTest t = start(TargetUnderTest.Spec.luns(1, 16 * MIB));
        Duration interval = Duration.ofSeconds(2);
        Duration timeout = Duration.ofSeconds(2);
        Session s = login(initiator(OperationalParameters.defaults(),
                SessionConfig.defaults().withKeepalive(interval, timeout)), t, Optional.empty());
        open(s, t.dataLuns().get(0));
        t.namespace().linkDown();
        SessionException reason;
        try {
            reason = s.closeFuture().get(interval.plus(timeout).plusSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the session did not notice the dead link within keepalive interval + timeout", e);
        } finally {
            t.namespace().linkUp();
        }
        assertEquals(SessionException.Kind.CONNECTION_LOST, reason.kind());
        assertTrue(reason.getMessage().contains("NOP-Out"), reason.getMessage());
        SessionException failed = assertInstanceOf(SessionException.class, assertThrows(Exception.class,
                () -> await(s.execute(io.lunbridge.protocol.session.ScsiRequest.noData(0L, new byte[16], "TUR")))));
        assertTrue(failed.retryable());
    }
}
