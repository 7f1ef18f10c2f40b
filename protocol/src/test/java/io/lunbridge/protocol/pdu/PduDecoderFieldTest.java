package io.lunbridge.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * The decoder-error convention (docs/architecture.md, "Decoder errors") on the PDU decoder: a bad
 * byte vector is refused with a {@link PduFormatException} whose {@code field()} and {@code
 * offset()} say where the PDU was wrong.
 */
class PduDecoderFieldTest {
    private static PduFormatException rejected(FramingParameters framing, ByteBuf input) {
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(framing));
        try {
            return assertThrows(PduFormatException.class, () -> channel.writeInbound(input));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void anOverlongDataSegmentNamesDataSegmentLengthAtByte5() {
        PduFormatException e = rejected(new FramingParameters(false, false, 8192, 8192),
                PduDecoderTest.concat(PduDecoderTest.nopInHeader(8193)));
        assertEquals("DataSegmentLength", e.field());
        assertEquals(5, e.offset());
    }

    @Test
    void aNonZeroPadByteNamesThePaddingAndItsOffset() {
        byte[] header = PduDecoderTest.nopInHeader(5);
        PduFormatException e = rejected(FramingParameters.LOGIN,
                PduDecoderTest.concat(header, new byte[] {'h', 'e', 'l', 'l', 'o'}, new byte[] {0, 7, 0}));
        assertEquals("data segment padding", e.field());
        assertEquals(48 + 5 + 1, e.offset());
    }

    @Test
    void anUnknownOpcodeNamesTheOpcodeAtByte0() {
        byte[] header = PduDecoderTest.nopInHeader(0);
        header[0] = 0x3b;
        PduFormatException e = rejected(FramingParameters.LOGIN, PduDecoderTest.concat(header));
        assertEquals("opcode", e.field());
        assertEquals(0, e.offset());
    }
}
