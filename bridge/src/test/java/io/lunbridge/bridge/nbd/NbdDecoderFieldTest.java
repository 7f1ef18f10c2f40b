package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * The decoder-error convention (docs/architecture.md, "Decoder errors") on the NBD handshake and
 * option decoders: a bad byte vector ends the connection with one warning that names the field and
 * its offset ({@link NbdFormatException}).
 */
class NbdDecoderFieldTest {
    private final NbdExport export = new NbdExport("lun1", "test LUN",
            new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20)));

    @Test
    void clientFlagsTheServerDidNotOfferNameTheClientFlagsField() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.expectGreeting();
            h.send(NbdWire.clientFlags(0x80000001));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "client flags at offset 0: client flags 0x80000001").size(),
                    log.all().toString());
        }
    }

    @Test
    void aBadOptionMagicNamesTheOptionMagicField() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.handshake();
            h.send(Unpooled.buffer().writeLong(0x0102030405060708L).writeInt(1).writeInt(0));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "option magic at offset 0: bad option magic 0x102030405060708")
                    .size(), log.all().toString());
        }
    }

    @Test
    void anOverlongOptionNamesTheOptionLengthField() {
        try (LogCapture log = new LogCapture()) {
            NbdHarness h = new NbdHarness(export);
            h.handshake();
            h.send(Unpooled.buffer().writeBytes(NbdWire.utf8("IHAVEOPT")).writeInt(3).writeInt(64 * 1024 + 1));
            assertFalse(h.channel.isOpen());
            assertEquals(1, log.matching("test-peer", "option length at offset 12: option 3 length 65537 exceeds 65536")
                    .size(), log.all().toString());
        }
    }
}
