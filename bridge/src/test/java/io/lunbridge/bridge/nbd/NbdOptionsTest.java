package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every option of fixed newstyle haggling, good and bad, as byte vectors. */
class NbdOptionsTest {
    private final InMemoryBlockDevice dev1 = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20));
    private final InMemoryBlockDevice dev2 = new InMemoryBlockDevice(new Geometry(2 << 20, 4096, 4096, 0,
            256 * 1024, true, false, false, false, false, false));
    private final NbdExport lun1 = new NbdExport("lun1", "first LUN", dev1, List.of("", "alias1"));
    private final NbdExport lun2 = new NbdExport("lun2", "", dev2);

    private NbdHarness harness() {
        return new NbdHarness(lun1, lun2).handshake();
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void listSendsOneServerReplyPerExportThenAck() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_LIST, new byte[0]));
        NbdHarness.OptionReply r1 = h.optionReply();
        assertEquals(NbdWire.OPT_LIST, r1.option());
        assertEquals(NbdWire.REP_SERVER, r1.type());
        ByteBuf d = Unpooled.wrappedBuffer(r1.data());
        assertEquals(4, d.readInt());
        assertEquals("lun1first LUN", d.toString(StandardCharsets.UTF_8));
        NbdHarness.OptionReply r2 = h.optionReply();
        assertArrayEquals(new byte[] {0, 0, 0, 4, 'l', 'u', 'n', '2'}, r2.data());
        assertEquals(NbdWire.REP_ACK, h.optionReply().type());
    }

    @Test
    void listWithDataIsInvalid() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_LIST, new byte[] {1}));
        NbdHarness.OptionReply r = h.optionReply();
        assertEquals(NbdWire.ERR_INVALID, r.type());
        assertTrue(str(r.data()).contains("NBD_OPT_LIST has 1 trailing bytes"), str(r.data()));
        assertTrue(h.channel.isOpen());
    }

    @Test
    void abortIsAcknowledgedThenClosed() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_ABORT, new byte[0]));
        NbdHarness.OptionReply r = h.optionReply();
        assertEquals(NbdWire.OPT_ABORT, r.option());
        assertEquals(NbdWire.REP_ACK, r.type());
        assertFalse(h.channel.isOpen());
    }

    @Test
    void infoAnswersExportNameDescriptionAndBlockSizeAndStaysInHaggling() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_INFO, NbdWire.infoData("alias1", NbdWire.INFO_NAME,
                NbdWire.INFO_DESCRIPTION, NbdWire.INFO_BLOCK_SIZE)));
        NbdHarness.OptionReply export = h.optionReply();
        assertEquals(NbdWire.REP_INFO, export.type());
        ByteBuf e = Unpooled.wrappedBuffer(export.data());
        assertEquals(NbdWire.INFO_EXPORT, e.readUnsignedShort());
        assertEquals(1 << 20, e.readLong());
        assertEquals(0x0d6d, e.readUnsignedShort(), "flags without DF before STRUCTURED_REPLY");
        NbdHarness.OptionReply name = h.optionReply();
        assertArrayEquals(new byte[] {0, 1, 'l', 'u', 'n', '1'}, name.data());
        NbdHarness.OptionReply desc = h.optionReply();
        assertEquals("first LUN", str(java.util.Arrays.copyOfRange(desc.data(), 2, desc.data().length)));
        NbdHarness.OptionReply bs = h.optionReply();
        ByteBuf b = Unpooled.wrappedBuffer(bs.data());
        assertEquals(NbdWire.INFO_BLOCK_SIZE, b.readUnsignedShort());
        assertEquals(512, b.readInt());
        assertEquals(65536, b.readInt());
        assertEquals(1024 * 1024, b.readInt());
        assertEquals(NbdWire.REP_ACK, h.optionReply().type());
        h.send(NbdWire.option(NbdWire.OPT_LIST, new byte[0]));
        assertEquals(NbdWire.REP_SERVER, h.optionReply().type(), "still haggling after INFO");
    }

    @Test
    void readOnlyExportAnnouncesReadOnlyAndItsOwnBlockSizes() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_INFO, NbdWire.infoData("lun2")));
        ByteBuf e = Unpooled.wrappedBuffer(h.optionReply().data());
        e.skipBytes(10);
        int flags = e.readUnsignedShort();
        assertEquals(0x2, flags & 0x2, "READ_ONLY");
        assertEquals(0, flags & (0x8 | 0x20), "no FUA, no TRIM");
        ByteBuf b = Unpooled.wrappedBuffer(h.optionReply().data());
        b.skipBytes(2);
        assertEquals(4096, b.readInt());
        assertEquals(4096, b.readInt());
        assertEquals(256 * 1024, b.readInt());
        assertEquals(NbdWire.REP_ACK, h.optionReply().type());
    }

    @Test
    void infoForUnknownExportIsErrUnknown() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = harness();
            h.send(NbdWire.option(NbdWire.OPT_INFO, NbdWire.infoData("lun9")));
            NbdHarness.OptionReply r = h.optionReply();
            assertEquals(NbdWire.ERR_UNKNOWN, r.type());
            assertEquals("no export named 'lun9'", str(r.data()));
            assertEquals(1, log.matching("test-peer", "'lun9'").size());
        }
    }

    @Test
    void malformedInfoIsInvalid() {
        NbdHarness h = harness();
        byte[] nameTooLong = Unpooled.buffer().writeInt(100).writeBytes(NbdWire.utf8("lun1")).writeShort(0).array();
        h.send(NbdWire.option(NbdWire.OPT_GO, java.util.Arrays.copyOf(nameTooLong, 10)));
        NbdHarness.OptionReply r = h.optionReply();
        assertEquals(NbdWire.ERR_INVALID, r.type());
        assertTrue(str(r.data()).contains("export name length 100"), str(r.data()));
        byte[] badCount = Unpooled.buffer().writeInt(4).writeBytes(NbdWire.utf8("lun1")).writeShort(3).writeShort(1)
                .array();
        h.send(NbdWire.option(NbdWire.OPT_GO, java.util.Arrays.copyOf(badCount, 12)));
        r = h.optionReply();
        assertEquals(NbdWire.ERR_INVALID, r.type());
        assertTrue(str(r.data()).contains("information request count 3"), str(r.data()));
        byte[] badUtf8 = Unpooled.buffer().writeInt(2).writeByte(0xc3).writeByte(0x28).writeShort(0).array();
        h.send(NbdWire.option(NbdWire.OPT_GO, java.util.Arrays.copyOf(badUtf8, 8)));
        assertTrue(str(h.optionReply().data()).contains("not valid UTF-8"));
        assertTrue(h.channel.isOpen(), "bad options are errored, not disconnected");
    }

    @Test
    void goOnDefaultExportEntersTransmission() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_GO, NbdWire.infoData("")));
        NbdHarness.OptionReply r;
        do {
            r = h.optionReply();
        } while (r.type() == NbdWire.REP_INFO);
        assertEquals(NbdWire.REP_ACK, r.type());
        dev1.fill(0, NbdWire.pattern(512, 1));
        h.send(NbdWire.request(0, NbdWire.CMD_READ, 5, 0, 512));
        assertEquals(0, h.simpleReply(5));
        assertArrayEquals(NbdWire.pattern(512, 1), h.take(512));
    }

    @Test
    void structuredReplyOnceOnlyAndWithoutData() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_STRUCTURED_REPLY, new byte[] {0}));
        assertEquals(NbdWire.ERR_INVALID, h.optionReply().type());
        h.send(NbdWire.option(NbdWire.OPT_STRUCTURED_REPLY, new byte[0]));
        assertEquals(NbdWire.REP_ACK, h.optionReply().type());
        h.send(NbdWire.option(NbdWire.OPT_STRUCTURED_REPLY, new byte[0]));
        NbdHarness.OptionReply r = h.optionReply();
        assertEquals(NbdWire.ERR_INVALID, r.type());
        assertEquals("structured replies already negotiated", str(r.data()));
        h.send(NbdWire.option(NbdWire.OPT_INFO, NbdWire.infoData("lun1")));
        ByteBuf e = Unpooled.wrappedBuffer(h.optionReply().data());
        e.skipBytes(10);
        assertEquals(0x80, e.readUnsignedShort() & 0x80, "SEND_DF once structured replies are on");
    }

    @Test
    void metaContextNeedsStructuredReplies() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_LIST_META, NbdWire.metaData("lun1")));
        assertEquals(NbdWire.ERR_INVALID, h.optionReply().type());
        h.send(NbdWire.option(NbdWire.OPT_SET_META, NbdWire.metaData("lun1", "base:allocation")));
        assertEquals(NbdWire.ERR_INVALID, h.optionReply().type());
    }

    @Test
    void listMetaContextOffersBaseAllocation() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_STRUCTURED_REPLY, new byte[0]));
        h.optionReply();
        for (String[] queries : new String[][] {{}, {"base:"}, {"base:allocation", "qemu:dirty-bitmap:x"}}) {
            h.send(NbdWire.option(NbdWire.OPT_LIST_META, NbdWire.metaData("lun1", queries)));
            NbdHarness.OptionReply r = h.optionReply();
            assertEquals(NbdWire.REP_META, r.type());
            ByteBuf d = Unpooled.wrappedBuffer(r.data());
            assertEquals(0, d.readInt(), "context id in lists is 0");
            assertEquals("base:allocation", d.toString(StandardCharsets.UTF_8));
            assertEquals(NbdWire.REP_ACK, h.optionReply().type());
        }
        h.send(NbdWire.option(NbdWire.OPT_LIST_META, NbdWire.metaData("lun1", "x-other:thing")));
        assertEquals(NbdWire.REP_ACK, h.optionReply().type(), "unknown namespace lists nothing");
    }

    @Test
    void setMetaContextSelectsOnlyExactBaseAllocation() {
        NbdHarness h = harness();
        h.send(NbdWire.option(NbdWire.OPT_STRUCTURED_REPLY, new byte[0]));
        h.optionReply();
        h.send(NbdWire.option(NbdWire.OPT_SET_META, NbdWire.metaData("lun1", "base:")));
        assertEquals(NbdWire.REP_ACK, h.optionReply().type(), "'base:' selects nothing in SET");
        h.send(NbdWire.option(NbdWire.OPT_SET_META, NbdWire.metaData("lun1", "base:allocation")));
        NbdHarness.OptionReply r = h.optionReply();
        assertEquals(NbdWire.REP_META, r.type());
        assertEquals(1, Unpooled.wrappedBuffer(r.data()).readInt());
        assertEquals(NbdWire.REP_ACK, h.optionReply().type());
        h.send(NbdWire.option(NbdWire.OPT_SET_META, NbdWire.metaData("lun1", "nocolon")));
        r = h.optionReply();
        assertEquals(NbdWire.ERR_INVALID, r.type());
        assertTrue(str(r.data()).contains("'nocolon'"));
        byte[] truncated = Unpooled.buffer().writeInt(4).writeBytes(NbdWire.utf8("lun1")).writeInt(1).writeInt(50)
                .writeBytes(NbdWire.utf8("base")).array();
        h.send(NbdWire.option(NbdWire.OPT_SET_META, java.util.Arrays.copyOf(truncated, 20)));
        assertEquals(NbdWire.ERR_INVALID, h.optionReply().type());
    }

    @Test
    void unknownOptionsAreUnsupportedAndHagglingContinues() {
        NbdHarness h = harness();
        for (int opt : new int[] {NbdWire.OPT_STARTTLS, 4, 11, 42, 0x7fffffff}) {
            h.send(NbdWire.option(opt, new byte[] {1, 2, 3}));
            NbdHarness.OptionReply r = h.optionReply();
            assertEquals(opt, r.option());
            assertEquals(NbdWire.ERR_UNSUP, r.type());
        }
        h.send(NbdWire.option(NbdWire.OPT_LIST, new byte[0]));
        assertEquals(NbdWire.REP_SERVER, h.optionReply().type());
    }
}
