package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.bridge.nbd.InMemoryBlockDevice.Op;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-connection bound on data bytes in flight: reading from the client stops when the write
 * payloads held and the reads at the device exceed it, resumes when completions bring them back under
 * it, and a request larger than the bound still proceeds alone.
 */
class NbdBytesInFlightTest {
    private static final int SIZE = 1 << 20;
    private static final int BLOCK = 4096;
    private static final long BOUND = 4 * BLOCK;
    private final InMemoryBlockDevice dev = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(SIZE));
    private final NbdExport lun = new NbdExport("lun1", "", dev);

    /** maxInFlight far above what the tests send: only the byte bound can stop anything. */
    private NbdHarness harness(long bound) {
        return new NbdHarness(new ExportRegistry(List.of(lun)), 128, bound).go("lun1", false, false);
    }

    /** Reads {@code count} simple replies (each followed by {@code dataBytes}), all successful, distinct handles. */
    private static void expectReplies(NbdHarness h, int count, int dataBytes) {
        Set<Long> handles = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ByteBuf reply = h.takeBuf(16);
            assertEquals(NbdWire.SIMPLE_MAGIC, reply.readInt(), "reply " + i + " magic");
            assertEquals(0, reply.readInt(), "reply " + i + " error");
            handles.add(reply.readLong());
            h.take(dataBytes);
        }
        assertEquals(count, handles.size(), "one reply per request");
    }

    @Test
    void readingStopsWhenHeldWritePayloadsExceedTheBoundAndResumesBelowIt() {
        NbdHarness h = harness(BOUND);
        dev.pause();
        for (int i = 0; i < 4; i++) {
            h.send(NbdWire.write(0, i, (long) i * BLOCK, NbdWire.pattern(BLOCK, i)));
            assertTrue(h.channel.config().isAutoRead(), "write " + i + ": " + (i + 1) * BLOCK + " bytes held, within "
                    + BOUND);
        }
        h.send(NbdWire.write(0, 4, 4L * BLOCK, NbdWire.pattern(BLOCK, 4)));
        assertEquals(5, dev.pendingCount(), "writes already received go to the device (their data is held anyway)");
        assertFalse(h.channel.config().isAutoRead(), "5 x 4 KiB held exceeds the 16 KiB bound: reading paused");
        dev.release(0);
        h.channel.runPendingTasks();
        assertTrue(h.channel.config().isAutoRead(), "one completion brings 16 KiB back within the bound: reading resumes");
        dev.releaseAll();
        h.channel.runPendingTasks();
        expectReplies(h, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(NbdWire.pattern(BLOCK, i), dev.contents((long) i * BLOCK, BLOCK), "write " + i + " landed");
        }
        assertEquals(0, transmission(h).bytesInFlight());
    }

    @Test
    void readsBeyondTheBoundWaitInTheQueueWithReadingPaused() {
        NbdHarness h = harness(BOUND);
        dev.pause();
        ByteBuf burst = Unpooled.buffer();
        for (int i = 0; i < 8; i++) {
            burst.writeBytes(NbdWire.request(0, NbdWire.CMD_READ, i, (long) i * BLOCK, BLOCK));
        }
        h.send(burst);
        assertEquals(4, dev.pendingCount(), "only 16 KiB of reads at the device");
        assertFalse(h.channel.config().isAutoRead(), "reading paused while reads wait");
        dev.release(0);
        h.channel.runPendingTasks();
        assertEquals(4, dev.pendingCount(), "a completed read lets exactly one more in");
        assertFalse(h.channel.config().isAutoRead());
        dev.releaseAll();
        h.channel.runPendingTasks();
        expectReplies(h, 8, BLOCK);
        assertTrue(h.channel.config().isAutoRead(), "reading resumes once the data is answered");
        assertEquals(8, dev.calls().stream().filter(c -> c.op() == Op.READ).count());
    }

    /**
     * A hand-over (daemon restart) executes the requests already read: they still go to the device
     * only as the bound allows, so the memory bound holds while the old process drains.
     */
    @Test
    void readsQueuedAtAHandOverStillWaitForTheBound() {
        NbdHarness h = harness(BOUND);
        dev.pause();
        ByteBuf burst = Unpooled.buffer();
        for (int i = 0; i < 8; i++) {
            burst.writeBytes(NbdWire.request(0, NbdWire.CMD_READ, i, (long) i * BLOCK, BLOCK));
        }
        h.send(burst);
        assertEquals(4, dev.pendingCount(), "only 16 KiB of reads at the device");
        h.channel.pipeline().fireUserEventTriggered(io.lunbridge.bridge.nbd.transmission.HandOverRequested.INSTANCE);
        h.channel.runPendingTasks();
        assertEquals(4, dev.pendingCount(), "the hand-over does not let the queued reads past the bound");
        assertTrue(transmission(h).bytesInFlight() <= BOUND, transmission(h).bytesInFlight() + " bytes held");
        dev.release(0);
        h.channel.runPendingTasks();
        assertEquals(4, dev.pendingCount(), "a completed read lets exactly one more in, as before the hand-over");
        dev.releaseAll();
        h.channel.runPendingTasks();
        expectReplies(h, 8, BLOCK);
        assertFalse(h.channel.isOpen(), "every request read was answered, then the connection closed");
        assertEquals(8, dev.calls().stream().filter(c -> c.op() == Op.READ).count());
    }

    @Test
    void aRequestLargerThanTheBoundProceedsAlone() {
        NbdHarness h = harness(BLOCK);
        int big = 16 * BLOCK;
        byte[] data = NbdWire.pattern(big, 7);
        h.send(NbdWire.write(0, 1, 0, data));
        assertEquals(0, h.simpleReply(1), "a 64 KiB write under a 4 KiB bound completes");
        assertArrayEquals(data, dev.contents(0, big));

        dev.pause();
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 2, 0, BLOCK));
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 3, 0, big));
        assertEquals(1, dev.pendingCount(), "the large read waits while another read is at the device");
        dev.release(0);
        h.channel.runPendingTasks();
        assertEquals(1, dev.pendingCount(), "then it goes alone, larger than the bound");
        dev.releaseAll();
        h.channel.runPendingTasks();
        assertEquals(0, h.simpleReply(2));
        h.take(BLOCK);
        assertEquals(0, h.simpleReply(3));
        assertArrayEquals(data, h.take(big));
        assertTrue(h.channel.config().isAutoRead());
    }

    private static io.lunbridge.bridge.nbd.transmission.TransmissionHandler transmission(NbdHarness h) {
        return (io.lunbridge.bridge.nbd.transmission.TransmissionHandler) h.channel.pipeline()
                .get(io.lunbridge.bridge.nbd.transmission.TransmissionPhase.HANDLER);
    }
}
