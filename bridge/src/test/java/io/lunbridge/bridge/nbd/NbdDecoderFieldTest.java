package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lunbridge.bridge.nbd.transmission.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * The decoder-error convention (docs/architecture.md, "Decoder errors") on the NBD handshake, option
 * and transmission request decoders: a bad byte vector ends the connection with one warning that
 * names the field and its offset ({@link NbdFormatException}).
 */
class NbdDecoderFieldTest {
    private final NbdExport export = new NbdExport("lun1", "test LUN",
            new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20)));

    @Test
    void clientFlagsTheServerDidNotOfferNameTheClientFlagsField() {
        assertRefused(false, NbdWire.clientFlags(0x80000001), "client flags at offset 0: client flags 0x80000001");
    }

    @Test
    void aBadOptionMagicNamesTheOptionMagicField() {
        assertRefused(true, Unpooled.buffer().writeLong(0x0102030405060708L).writeInt(1).writeInt(0),
                "option magic at offset 0: bad option magic 0x102030405060708");
    }

    @Test
    void anOverlongOptionNamesTheOptionLengthField() {
        assertRefused(true, Unpooled.buffer().writeBytes(NbdWire.utf8("IHAVEOPT")).writeInt(3).writeInt(64 * 1024 + 1),
                "option length at offset 12: option 3 length 65537 exceeds 65536");
    }

    @Test
    void aBadRequestMagicNamesTheRequestMagicFieldAtOffset0() {
        NbdFormatException e = requestError(Unpooled.buffer().writeInt(0x01020304).writeZero(24));
        assertEquals("request magic", e.field());
        assertEquals(0, e.offset());
        assertEquals("request magic at offset 0: bad request magic 0x1020304 (expected 0x25609513)", e.getMessage());
        assertTransmissionRefused(Unpooled.buffer().writeInt(0x01020304).writeZero(24),
                "request magic at offset 0: bad request magic 0x1020304");
    }

    @Test
    void aWriteLongerThanThePayloadLimitNamesTheLengthFieldAtOffset24() {
        ByteBuf header = NbdWire.request(0, NbdWire.CMD_WRITE, 0x99, 0, 32L * 1024 * 1024 + 512);
        NbdFormatException e = requestError(header.copy());
        assertEquals("length", e.field());
        assertEquals(24, e.offset());
        assertEquals("length at offset 24: WRITE length 33554944 exceeds the 32 MiB payload limit (handle 0x99)",
                e.getMessage());
        assertTransmissionRefused(header, "length at offset 24: WRITE length 33554944");
    }

    /** Feeds {@code bytes} to a bare request decoder: the one error it reports (and nothing decoded). */
    private static NbdFormatException requestError(ByteBuf bytes) {
        java.util.List<Throwable> errors = new java.util.ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new RequestDecoder("test"), NbdFuzzTest.errorsTo(errors));
        ch.writeInbound(bytes);
        ch.writeInbound(NbdWire.request(0, NbdWire.CMD_FLUSH, 1, 0, 0)); // after the error: discarded
        assertNull(ch.readInbound(), "nothing decoded after a framing error");
        ch.finishAndReleaseAll();
        assertEquals(1, errors.size(), errors.toString());
        return assertInstanceOf(NbdFormatException.class, errors.get(0));
    }

    /** Sends {@code bytes} in transmission: closed, with one warning saying {@code expected}. */
    private void assertTransmissionRefused(ByteBuf bytes, String expected) {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export).go("lun1", false, false);
            h.send(bytes);
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", expected).size(), log.all().toString());
            assertEquals(1, log.all().size(), "logged once: " + log.all());
        }
    }

    /** Sends {@code bytes} (after the client flags when {@code negotiating}): closed, with one warning saying {@code expected}. */
    private void assertRefused(boolean negotiating, ByteBuf bytes, String expected) {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            if (negotiating) {
                h.handshake();
            } else {
                h.expectGreeting();
            }
            h.send(bytes);
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", expected).size(), log.all().toString());
        }
    }
}
