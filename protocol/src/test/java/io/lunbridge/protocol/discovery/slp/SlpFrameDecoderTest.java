package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * The SLP TCP framing under the decoder-error convention: a length over 1 MiB or shorter than the
 * header is an {@link SlpFormatException} naming the length field at offset 2, delivered unwrapped,
 * and the stream after it is discarded; good frames come out whole however they were cut.
 */
class SlpFrameDecoderTest {
    private static final byte[] SRV_RQST = SlpCapture.get("02-srvrqst-unicast-da.hex", 1).bytes();

    @Test
    void aFrameCutAnywhereComesOutWhole() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlpFrameDecoder());
        for (byte b : SRV_RQST) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        ByteBuf frame = ch.readInbound();
        byte[] got = new byte[frame.readableBytes()];
        frame.readBytes(got);
        frame.release();
        assertEquals(java.util.Arrays.toString(SRV_RQST), java.util.Arrays.toString(got));
        assertNull(ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aLengthOverTheBoundNamesTheLengthFieldBeforeBuffering() {
        SlpFormatException e = rejected(new byte[] {2, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertEquals("length", e.field());
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains("16777215 bytes, at most 1048576"), e.getMessage());
    }

    @Test
    void aLengthShorterThanTheHeaderNamesTheLengthField() {
        SlpFormatException e = rejected(new byte[] {2, 2, 0, 0, 3});
        assertEquals("length", e.field());
        assertEquals(2, e.offset());
    }

    private static SlpFormatException rejected(byte[] start) {
        EmbeddedChannel ch = new EmbeddedChannel(new SlpFrameDecoder());
        ByteBuf in = Unpooled.wrappedBuffer(start);
        SlpFormatException e = assertThrows(SlpFormatException.class, () -> ch.writeInbound(in));
        assertEquals(0, in.refCnt(), "input released");
        ByteBuf more = Unpooled.wrappedBuffer(SRV_RQST);
        assertFalse(ch.writeInbound(more), "input after the error is discarded");
        assertEquals(0, more.refCnt());
        ch.finishAndReleaseAll();
        return e;
    }
}
