package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
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
