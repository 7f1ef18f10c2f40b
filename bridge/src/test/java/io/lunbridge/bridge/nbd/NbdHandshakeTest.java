package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Greeting, client flags and the option framing, from proto.md's byte layouts. */
class NbdHandshakeTest {
    private final InMemoryBlockDevice device = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20));
    private final NbdExport export = new NbdExport("lun1", "test LUN", device);

    @Test
    void greetingIsFixedNewstyleWithNoZeroes() {
        NbdHarness h = new NbdHarness(export);
        assertArrayEquals(new byte[] {'N', 'B', 'D', 'M', 'A', 'G', 'I', 'C', 'I', 'H', 'A', 'V', 'E', 'O', 'P', 'T',
            0, 3}, h.take(18));
    }

    @Test
    void clientWithoutFixedNewstyleIsDisconnectedWithOneLogLine() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.expectGreeting();
            h.send(NbdWire.clientFlags(0));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "client flags 0x0", "FIXED_NEWSTYLE").size(), log.all().toString());
        }
    }

    @Test
    void unknownClientFlagIsDisconnected() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.expectGreeting();
            h.send(NbdWire.clientFlags(0x5));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "client flags 0x5").size());
        }
    }

    @Test
    void exportNameWithNoZeroesSendsSizeAndFlagsOnly() {
        NbdHarness h = new NbdHarness(export);
        h.handshake();
        h.send(NbdWire.option(NbdWire.OPT_EXPORT_NAME, NbdWire.utf8("lun1")));
        ByteBuf r = h.takeBuf(10);
        assertEquals(1 << 20, r.readLong());
        int flags = r.readUnsignedShort();
        assertEquals(0x1 | 0x4 | 0x8 | 0x20 | 0x40 | 0x100 | 0x400 | 0x800, flags, Integer.toHexString(flags));
        assertEquals(0, h.available(), "no zero padding after NO_ZEROES");
        h.send(NbdWire.request(0, NbdWire.CMD_FLUSH, 7, 0, 0));
        assertEquals(0, h.simpleReply(7));
    }

    @Test
    void exportNameWithoutNoZeroesPads124Zeroes() {
        NbdHarness h = new NbdHarness(export);
        h.expectGreeting();
        h.send(NbdWire.clientFlags(1));
        h.send(NbdWire.option(NbdWire.OPT_EXPORT_NAME, NbdWire.utf8("lun1")));
        h.take(10);
        assertArrayEquals(new byte[124], h.take(124));
        assertEquals(0, h.available());
    }

    @Test
    void unknownExportNameClosesBecauseItCannotFail() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.handshake();
            h.send(NbdWire.option(NbdWire.OPT_EXPORT_NAME, NbdWire.utf8("nope")));
            assertFalse(h.channel.isOpen());
            assertEquals(0, h.available());
            assertEquals(1, log.matching("test-peer", "'nope'").size());
        }
    }

    @Test
    void badOptionMagicDisconnects() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.handshake();
            h.send(Unpooled.buffer().writeLong(0x1122334455667788L).writeInt(3).writeInt(0));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "bad option magic 0x1122334455667788").size());
        }
    }

    @Test
    void garbageInsteadOfHandshakeDisconnects() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.expectGreeting();
            h.send(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.all().size(), log.all().toString());
            assertTrue(log.all().get(0).contains("test-peer"));
        }
    }

    @Test
    void oversizedOptionLengthDisconnectsWithoutBuffering() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.handshake();
            h.send(Unpooled.buffer().writeLong(NbdWire.IHAVEOPT).writeInt(NbdWire.OPT_GO).writeInt(0x7fffffff));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "option 7 length 2147483647").size());
        }
    }

    @Test
    void optionsSplitIntoSingleBytesAreReassembled() {
        NbdHarness h = new NbdHarness(export);
        h.handshake();
        ByteBuf opt = NbdWire.option(NbdWire.OPT_LIST, new byte[0]);
        while (opt.isReadable()) {
            h.send(opt.readRetainedSlice(1));
        }
        opt.release();
        assertEquals(NbdWire.REP_SERVER, h.optionReply().type());
        assertEquals(NbdWire.REP_ACK, h.optionReply().type());
    }
}
