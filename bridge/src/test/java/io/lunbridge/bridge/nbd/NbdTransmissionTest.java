package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.lunbridge.bridge.nbd.InMemoryBlockDevice.Call;
import io.lunbridge.bridge.nbd.InMemoryBlockDevice.Op;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every command, simple and structured replies, ordering, backpressure and bad requests. */
class NbdTransmissionTest {
    private static final int SIZE = 1 << 20;
    private final InMemoryBlockDevice dev = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(SIZE));
    private final NbdExport lun = new NbdExport("lun1", "", dev);

    private NbdHarness simple() {
        return new NbdHarness(lun).go("lun1", false, false);
    }

    private NbdHarness structured() {
        return new NbdHarness(lun).go("lun1", true, true);
    }

    private static void assertDone(NbdHarness.Chunk c, long handle) {
        assertEquals(0, c.type(), "NBD_REPLY_TYPE_NONE");
        assertEquals(1, c.flags(), "DONE");
        assertEquals(handle, c.handle());
    }

    private static int errorOf(NbdHarness.Chunk c) {
        assertEquals(0x8001, c.type(), "NBD_REPLY_TYPE_ERROR");
        assertEquals(1, c.flags());
        return Unpooled.wrappedBuffer(c.payload()).readInt();
    }

    private static String messageOf(NbdHarness.Chunk c) {
        ByteBuf p = Unpooled.wrappedBuffer(c.payload());
        p.skipBytes(4);
        int len = p.readUnsignedShort();
        return p.readCharSequence(len, StandardCharsets.UTF_8).toString();
    }

    @Test
    void simpleWriteThenReadRoundTrip() {
        NbdHarness h = simple();
        byte[] data = NbdWire.pattern(4096, 9);
        h.send(NbdWire.write(0, 1, 8192, data));
        assertEquals(0, h.simpleReply(1));
        assertArrayEquals(data, dev.contents(8192, 4096));
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 2, 8192, 4096));
        assertEquals(0, h.simpleReply(2));
        assertArrayEquals(data, h.take(4096));
        assertEquals(List.of(new Call(Op.WRITE, 8192, 4096, false, false), new Call(Op.READ, 8192, 4096, false, false)),
                dev.calls());
    }

    @Test
    void structuredReadIsOneOffsetDataChunk() {
        NbdHarness h = structured();
        dev.fill(512, NbdWire.pattern(1024, 3));
        h.send(NbdWire.request(NbdWire.F_DF, NbdWire.CMD_READ, 0xabcdef, 512, 1024));
        NbdHarness.Chunk c = h.chunk();
        assertEquals(1, c.type(), "NBD_REPLY_TYPE_OFFSET_DATA");
        assertEquals(1, c.flags());
        assertEquals(0xabcdef, c.handle());
        ByteBuf p = Unpooled.wrappedBuffer(c.payload());
        assertEquals(512, p.readLong());
        byte[] got = new byte[1024];
        p.readBytes(got);
        assertArrayEquals(NbdWire.pattern(1024, 3), got);
        assertEquals(0, h.available());
    }

    @Test
    void fuaWriteReachesDeviceWithFua() {
        NbdHarness h = structured();
        h.send(NbdWire.write(NbdWire.F_FUA, 3, 0, new byte[512]));
        assertDone(h.chunk(), 3);
        assertTrue(dev.calls().get(0).fua());
    }

    @Test
    void flushGoesToDevice() {
        NbdHarness h = simple();
        h.send(NbdWire.request(0, NbdWire.CMD_FLUSH, 4, 0, 0));
        assertEquals(0, h.simpleReply(4));
        assertEquals(Op.FLUSH, dev.calls().get(0).op());
    }

    @Test
    void trimDiscardsAndTrimWithFuaAlsoFlushes() {
        dev.fill(0, NbdWire.pattern(8192, 1));
        NbdHarness h = structured();
        h.send(NbdWire.request(0, NbdWire.CMD_TRIM, 5, 0, 4096));
        assertDone(h.chunk(), 5);
        assertFalse(dev.isAllocated(0));
        h.send(NbdWire.request(NbdWire.F_FUA, NbdWire.CMD_TRIM, 6, 4096, 4096));
        assertDone(h.chunk(), 6);
        assertEquals(List.of(Op.DISCARD, Op.DISCARD, Op.FLUSH), dev.calls().stream().map(Call::op).toList());
    }

    @Test
    void writeZeroesMapsNoHoleToMayUnmapFalse() {
        dev.fill(0, NbdWire.pattern(8192, 1));
        NbdHarness h = structured();
        h.send(NbdWire.request(0, NbdWire.CMD_WRITE_ZEROES, 7, 0, 4096));
        assertDone(h.chunk(), 7);
        h.send(NbdWire.request(NbdWire.F_NO_HOLE | NbdWire.F_FUA, NbdWire.CMD_WRITE_ZEROES, 8, 4096, 4096));
        assertDone(h.chunk(), 8);
        assertEquals(new Call(Op.WRITE_ZEROES, 0, 4096, false, true), dev.calls().get(0));
        assertEquals(new Call(Op.WRITE_ZEROES, 4096, 4096, true, false), dev.calls().get(1));
        assertArrayEquals(new byte[8192], dev.contents(0, 8192));
        assertFalse(dev.isAllocated(0));
        assertTrue(dev.isAllocated(4096), "NO_HOLE keeps the range allocated");
    }

    @Test
    void fastZeroOnDeviceWithoutWriteSameIsEnotsupWithoutTouchingIt() {
        InMemoryBlockDevice slow = new InMemoryBlockDevice(new Geometry(SIZE, 512, 512, 0, 65536, false, false, false,
                false, false, true));
        NbdHarness h = new NbdHarness(new NbdExport("slow", "", slow)).go("slow", true, false);
        h.send(NbdWire.request(NbdWire.F_FAST_ZERO, NbdWire.CMD_WRITE_ZEROES, 9, 0, 4096));
        assertEquals(95, errorOf(h.chunk()));
        assertTrue(slow.calls().isEmpty());
        h.send(NbdWire.request(0, NbdWire.CMD_WRITE_ZEROES, 10, 0, 4096));
        assertDone(h.chunk(), 10);
        assertEquals(Op.WRITE_ZEROES, slow.calls().get(0).op());
    }

    @Test
    void fastZeroOnCapableDeviceZeroes() {
        NbdHarness h = structured();
        h.send(NbdWire.request(NbdWire.F_FAST_ZERO, NbdWire.CMD_WRITE_ZEROES, 11, 0, 4096));
        assertDone(h.chunk(), 11);
    }

    @Test
    void cacheSucceedsWithoutDeviceIo() {
        NbdHarness h = simple();
        h.send(NbdWire.request(0, NbdWire.CMD_CACHE, 12, 0, 65536));
        assertEquals(0, h.simpleReply(12));
        assertTrue(dev.calls().isEmpty());
    }

    @Test
    void blockStatusReportsHolesAndDataAndHonoursReqOne() {
        dev.fill(4096, NbdWire.pattern(8192, 1));
        NbdHarness h = structured();
        h.send(NbdWire.request(0, NbdWire.CMD_BLOCK_STATUS, 13, 0, 16384));
        NbdHarness.Chunk c = h.chunk();
        assertEquals(5, c.type(), "NBD_REPLY_TYPE_BLOCK_STATUS");
        assertEquals(1, c.flags());
        ByteBuf p = Unpooled.wrappedBuffer(c.payload());
        assertEquals(1, p.readInt(), "context id from SET_META_CONTEXT");
        assertEquals(4096, p.readInt());
        assertEquals(3, p.readInt(), "HOLE|ZERO");
        assertEquals(8192, p.readInt());
        assertEquals(0, p.readInt(), "data");
        assertEquals(4096, p.readInt());
        assertEquals(3, p.readInt());
        assertFalse(p.isReadable());
        h.send(NbdWire.request(NbdWire.F_REQ_ONE, NbdWire.CMD_BLOCK_STATUS, 14, 0, 16384));
        assertEquals(4 + 8, h.chunk().payload().length, "one descriptor with REQ_ONE");
    }

    @Test
    void blockStatusWithoutMetaContextIsEinval() {
        NbdHarness h = new NbdHarness(lun).go("lun1", true, false);
        h.send(NbdWire.request(0, NbdWire.CMD_BLOCK_STATUS, 15, 0, 4096));
        assertEquals(22, errorOf(h.chunk()));
    }

    /**
     * Seen with fio against `lunbridge serve` when direct memory ran out: ByteToMessageDecoder lost
     * the bytes of the read that failed to cumulate, and the stream went on after the gap. Bytes after
     * a pipeline exception must never complete a request: the connection is closed without executing
     * the write whose payload straddles the failure.
     */
    @Test
    void anExceptionInThePipelineClosesTheConnectionAndLaterBytesAreNeverExecuted() {
        NbdHarness h = simple();
        dev.pause();
        h.send(NbdWire.write(0, 29, 8192, NbdWire.pattern(512, 4)));
        io.netty.buffer.ByteBuf write = NbdWire.write(0, 30, 0, NbdWire.pattern(4096, 7));
        h.send(write.readRetainedSlice(28 + 1024));
        h.channel.pipeline().fireExceptionCaught(new io.netty.handler.codec.DecoderException(
                "cumulation failed", new OutOfMemoryError("Cannot reserve 4194304 bytes of direct buffer memory")));
        assertTrue(h.channel.isOpen(), "the write already at the device is completed first");
        h.send(write);
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 31, 0, 512));
        dev.releaseAll();
        h.channel.runPendingTasks();
        assertEquals(0, h.simpleReply(29));
        assertEquals(List.of(new Call(Op.WRITE, 8192, 512, false, false)), dev.calls(),
                "nothing decoded after the failure reaches the device");
        assertFalse(h.channel.isOpen());
    }

    @Test
    void discWaitsForInFlightRequestsThenCloses() {
        NbdHarness h = simple();
        dev.pause();
        h.send(NbdWire.write(0, 16, 0, NbdWire.pattern(512, 5)));
        h.send(NbdWire.request(0, NbdWire.CMD_DISC, 17, 0, 0));
        assertTrue(h.channel.isOpen(), "DISC must not drop the in-flight write");
        dev.releaseAll();
        h.channel.runPendingTasks();
        assertEquals(0, h.simpleReply(16));
        assertFalse(h.channel.isOpen());
        assertArrayEquals(NbdWire.pattern(512, 5), dev.contents(0, 512));
    }

    @Test
    void repliesGoOutInCompletionOrder() {
        NbdHarness h = structured();
        dev.pause();
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 100, 0, 512));
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 101, 512, 512));
        h.send(NbdWire.request(0, NbdWire.CMD_FLUSH, 102, 0, 0));
        assertEquals(3, dev.pendingCount(), "all three at the device concurrently");
        dev.release(2);
        dev.release(1);
        dev.release(0);
        h.channel.runPendingTasks();
        assertDone(h.chunk(), 102);
        assertEquals(101, h.chunk().handle());
        assertEquals(100, h.chunk().handle());
    }

    @Test
    void backpressurePausesReadingAtTheInFlightBound() {
        NbdHarness h = new NbdHarness(new ExportRegistry(List.of(lun)), 2).go("lun1", false, false);
        dev.pause();
        ByteBuf burst = Unpooled.buffer();
        for (int i = 0; i < 5; i++) {
            burst.writeBytes(NbdWire.request(0, NbdWire.CMD_READ, i, 0, 512));
        }
        h.send(burst);
        assertEquals(2, dev.pendingCount(), "only maxInFlight requests reach the device");
        assertFalse(h.channel.config().isAutoRead(), "reading paused");
        dev.release(0);
        h.channel.runPendingTasks();
        assertEquals(2, dev.pendingCount(), "a completion lets the next queued request in");
        dev.releaseAll();
        h.channel.runPendingTasks();
        java.util.Set<Long> handles = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            ByteBuf reply = h.takeBuf(16);
            assertEquals(NbdWire.SIMPLE_MAGIC, reply.readInt());
            assertEquals(0, reply.readInt());
            handles.add(reply.readLong());
            h.take(512);
        }
        assertEquals(java.util.Set.of(0L, 1L, 2L, 3L, 4L), handles);
        assertTrue(h.channel.config().isAutoRead(), "reading resumes when the queue is empty");
    }

    @ParameterizedTest
    @CsvSource({"IO,5", "PERMISSION,1", "INVALID,22", "NO_SPACE,28", "NOT_SUPPORTED,95", "SHUTDOWN,108"})
    void deviceErrorsMapToNbdErrors(BlockIoException.Kind kind, int errno) {
        NbdHarness h = simple();
        dev.failNext(Op.WRITE, kind);
        h.send(NbdWire.write(0, 20, 0, new byte[512]));
        assertEquals(errno, h.simpleReply(20));
        dev.failNext(Op.READ, kind);
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 21, 0, 512));
        assertEquals(errno, h.simpleReply(21));
        assertEquals(0, h.available(), "no payload after a failed simple read");
        assertArrayEquals(new byte[512], dev.contents(0, 512));
    }

    @Test
    void structuredReadErrorCarriesAMessage() {
        NbdHarness h = structured();
        dev.failNext(Op.READ, BlockIoException.Kind.IO);
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 22, 0, 512));
        NbdHarness.Chunk c = h.chunk();
        assertEquals(5, errorOf(c));
        assertTrue(messageOf(c).contains("injected IO on READ"), messageOf(c));
    }

    @Test
    void readOnlyExportRefusesWritesWithEperm() {
        InMemoryBlockDevice ro = new InMemoryBlockDevice(new Geometry(SIZE, 512, 512, 0, 65536, true, false, true,
                true, true, false));
        NbdHarness h = new NbdHarness(new NbdExport("ro", "", ro)).go("ro", false, false);
        h.send(NbdWire.write(0, 23, 0, new byte[512]));
        assertEquals(1, h.simpleReply(23));
        h.send(NbdWire.request(0, NbdWire.CMD_TRIM, 24, 0, 512));
        assertEquals(1, h.simpleReply(24));
        h.send(NbdWire.request(0, NbdWire.CMD_WRITE_ZEROES, 25, 0, 512));
        assertEquals(1, h.simpleReply(25));
        assertTrue(ro.calls().isEmpty());
    }

    @Test
    void requestsBeyondTheEnd() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = simple();
            h.send(NbdWire.write(0, 26, SIZE - 512, new byte[1024]));
            assertEquals(28, h.simpleReply(26), "ENOSPC for writes");
            h.send(NbdWire.request(0, NbdWire.CMD_WRITE_ZEROES, 27, SIZE, 512));
            assertEquals(28, h.simpleReply(27), "ENOSPC for write zeroes");
            h.send(NbdWire.request(0, NbdWire.CMD_READ, 28, SIZE, 512));
            assertEquals(22, h.simpleReply(28), "EINVAL for reads");
            h.send(NbdWire.request(0, NbdWire.CMD_READ, 29, -512L, 1024));
            assertEquals(22, h.simpleReply(29), "offset near 2^64 does not wrap");
            h.send(NbdWire.request(0, NbdWire.CMD_TRIM, 30, SIZE - 512, 1024));
            assertEquals(22, h.simpleReply(30));
            assertTrue(dev.calls().isEmpty());
            assertEquals(1, log.matching("test-peer", "WRITE offset 1048064 length 1024 goes beyond the export size")
                    .size(), log.all().toString());
        }
    }

    @Test
    void oversizedAndUnalignedAndUnknownRequestsAreEinval() {
        try (LogCapture log = new LogCapture()) {
            InMemoryBlockDevice small = new InMemoryBlockDevice(new Geometry(SIZE, 512, 512, 0, 65536, false, true,
                    true, true, true, true));
            NbdHarness h = new NbdHarness(new NbdExport("small", "", small)).go("small", true, true);
            h.send(NbdWire.request(0, NbdWire.CMD_READ, 31, 0, 131072));
            NbdHarness.Chunk c = h.chunk();
            assertEquals(22, errorOf(c));
            assertTrue(messageOf(c).contains("exceeds the maximum block size 65536"), messageOf(c));
            h.send(NbdWire.write(0, 32, 0, new byte[131072]));
            assertEquals(22, errorOf(h.chunk()), "write over the maximum but under 32 MiB: skipped, EINVAL");
            h.send(NbdWire.request(0, NbdWire.CMD_READ, 33, 100, 512));
            assertTrue(messageOf(h.chunk()).contains("not aligned to the minimum block size 512"));
            h.send(NbdWire.write(0, 34, 0, new byte[100]));
            assertEquals(22, errorOf(h.chunk()));
            h.send(NbdWire.request(0, 77, 35, 0, 0));
            NbdHarness.Chunk unknown = h.chunk();
            assertEquals(22, errorOf(unknown));
            assertEquals("unknown command type 77", messageOf(unknown));
            h.send(NbdWire.request(0x40, NbdWire.CMD_READ, 36, 0, 512));
            assertTrue(messageOf(h.chunk()).contains("command flags 0x40 not valid for READ"));
            h.send(NbdWire.request(NbdWire.F_REQ_ONE, NbdWire.CMD_WRITE_ZEROES, 37, 0, 512));
            assertEquals(22, errorOf(h.chunk()));
            assertTrue(small.calls().isEmpty());
            assertTrue(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "unknown command type 77").size());
        }
    }

    @Test
    void dfWithoutStructuredRepliesIsEinval() {
        NbdHarness h = simple();
        h.send(NbdWire.request(NbdWire.F_DF, NbdWire.CMD_READ, 38, 0, 512));
        assertEquals(22, h.simpleReply(38));
    }

    @Test
    void writeOver32MiBDisconnects() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = simple();
            h.send(NbdWire.request(0, NbdWire.CMD_WRITE, 39, 0, 64L * 1024 * 1024));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "WRITE length 67108864").size());
            assertTrue(dev.calls().isEmpty());
        }
    }

    @Test
    void badRequestMagicClosesAfterInFlightRequestsComplete() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = simple();
            dev.pause();
            h.send(NbdWire.write(0, 40, 0, NbdWire.pattern(512, 2)));
            h.send(Unpooled.buffer().writeInt(0xdeadbeef).writeZero(24));
            assertTrue(h.channel.isOpen(), "the write already at the device is completed first");
            dev.releaseAll();
            h.channel.runPendingTasks();
            assertEquals(0, h.simpleReply(40));
            assertFalse(h.channel.isOpen());
            assertArrayEquals(NbdWire.pattern(512, 2), dev.contents(0, 512));
            assertEquals(1, log.matching("test-peer", "bad request magic 0xdeadbeef").size());
        }
    }

    @Test
    void disconnectMidWriteWritesNothingAndReleasesTheBuffer() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = simple();
            ByteBuf partial = NbdWire.request(0, NbdWire.CMD_WRITE, 41, 0, 4096).writeBytes(new byte[1000]);
            partial.retain();
            h.send(partial);
            h.channel.close();
            h.channel.runPendingTasks();
            assertEquals(1, partial.refCnt(), "the decoder released its hold on the partial payload");
            partial.release();
            assertTrue(dev.calls().isEmpty(), "a partial payload never reaches the device");
            assertEquals(1, log.matching("test-peer", "middle of a WRITE payload", "1000 of 4096").size());
        }
    }

    @Test
    void clientVanishingDoesNotCancelAnInFlightWrite() {
        NbdHarness h = simple();
        dev.pause();
        h.send(NbdWire.write(NbdWire.F_FUA, 42, 4096, NbdWire.pattern(512, 7)));
        h.channel.close();
        dev.releaseAll();
        h.channel.runPendingTasks();
        assertArrayEquals(NbdWire.pattern(512, 7), dev.contents(4096, 512));
    }

    @Test
    void shutdownFinishesInFlightThenAnswersEshutdownAndCloses() {
        NbdHarness h = structured();
        dev.pause();
        h.send(NbdWire.write(0, 43, 0, NbdWire.pattern(512, 4)));
        h.channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 44, 0, 512));
        NbdHarness.Chunk refused = h.chunk();
        assertEquals(44, refused.handle());
        assertEquals(108, errorOf(refused));
        assertTrue(h.channel.isOpen());
        dev.releaseAll();
        h.channel.runPendingTasks();
        assertDone(h.chunk(), 43);
        assertFalse(h.channel.isOpen());
        assertArrayEquals(NbdWire.pattern(512, 4), dev.contents(0, 512));
    }

    /**
     * A hand-over (daemon restart, kernel nbd) stops reading, but unlike a shutdown executes and
     * answers every request already read (a second write after the event), then closes: nothing read
     * is dropped or refused, and nothing is acknowledged before the device completed it.
     */
    @Test
    void handOverStopsReadingAnswersEverythingAlreadyReadThenCloses() {
        NbdHarness h = structured();
        dev.pause();
        h.send(NbdWire.write(0, 51, 0, NbdWire.pattern(512, 5)));
        h.channel.pipeline().fireUserEventTriggered(
                io.lunbridge.bridge.nbd.transmission.HandOverRequested.INSTANCE);
        assertFalse(h.channel.config().isAutoRead(), "no more reading from the kernel");
        h.send(NbdWire.write(0, 52, 512, NbdWire.pattern(512, 6))); // already in the last read's buffer
        h.channel.runPendingTasks();
        assertTrue(h.channel.isOpen(), "open while requests are at the device");
        assertTrue(h.channel.outboundMessages().isEmpty(), "nothing acknowledged before the device completed it");
        dev.releaseAll();
        h.channel.runPendingTasks();
        assertDone(h.chunk(), 51);
        assertDone(h.chunk(), 52);
        assertFalse(h.channel.isOpen(), "closed once idle: the kernel sees end of file and marks the socket dead");
        assertArrayEquals(NbdWire.pattern(512, 5), dev.contents(0, 512));
        assertArrayEquals(NbdWire.pattern(512, 6), dev.contents(512, 512));
    }

    @Test
    void zeroLengthRequestsSucceedWithoutDeviceIo() {
        NbdHarness h = structured();
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 45, 0, 0));
        assertDone(h.chunk(), 45);
        h.send(NbdWire.write(0, 46, 0, new byte[0]));
        assertDone(h.chunk(), 46);
        assertTrue(dev.calls().isEmpty());
    }
}
