package io.lunbridge.protocol.pdu;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** What {@link PduDecoder} and {@link PduEncoder} count into a shared {@link PduCounters}. */
class PduCountersTest {
    private static final FramingParameters DIGESTS = new FramingParameters(true, true, 8192, 8192);

    private static byte[] nopInHeader(int dataLength) {
        return PduDecoderTest.nopInHeader(dataLength);
    }

    private static byte[] digest(byte[]... parts) {
        return PduDecoderTest.le(PduDecoderTest.crc(parts));
    }

    private static ByteBuf concat(byte[]... parts) {
        return PduDecoderTest.concat(parts);
    }

    @Test
    void everyDecodedPduIsCountedByOpcodeAndNothingElse() {
        PduCounters counters = new PduCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(DIGESTS, counters));
        byte[] h = nopInHeader(0);
        byte[] r2t = Hex.bytes("31800000 00000000" + "00000000".repeat(10));
        channel.writeInbound(concat(h, digest(h), r2t, digest(r2t), h, digest(h)));
        // half a PDU: not counted until the rest arrives
        channel.writeInbound(concat(h));
        PduStats s = counters.snapshot();
        assertEquals(2L, s.received().get(Opcode.NOP_IN));
        assertEquals(1L, s.received().get(Opcode.R2T));
        assertEquals(0L, s.received().get(Opcode.DATA_IN), "every target opcode is present, at 0");
        assertEquals(3, s.receivedTotal());
        assertEquals(0, s.sentTotal());
        assertEquals(0, s.headerDigestErrors() + s.dataDigestErrors());
        channel.writeInbound(concat(digest(h)));
        assertEquals(4, counters.snapshot().receivedTotal());
        channel.finishAndReleaseAll();
    }

    @Test
    void aHeaderDigestErrorIsCountedOnceAndWhatFollowsIsNot() {
        PduCounters counters = new PduCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(DIGESTS, counters));
        byte[] h = nopInHeader(0);
        byte[] bad = digest(h);
        bad[0] ^= 1;
        assertThrows(PduFormatException.class, () -> channel.writeInbound(concat(h, digest(h), h, bad, h, bad)));
        assertEquals(Opcode.NOP_IN, ((Pdu) channel.readInbound()).opcode(), "the PDU before the error");
        assertFalse(channel.writeInbound(concat(h, bad)), "input after the error is discarded");
        PduStats s = counters.snapshot();
        assertEquals(1, s.headerDigestErrors());
        assertEquals(0, s.dataDigestErrors());
        assertEquals(1, s.receivedTotal(), "only the PDU before the error");
        channel.finishAndReleaseAll();
    }

    @Test
    void aDataDigestErrorIsCountedAsSuch() {
        PduCounters counters = new PduCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(DIGESTS, counters));
        byte[] h = nopInHeader(4);
        byte[] data = "ping".getBytes(US_ASCII);
        byte[] bad = digest(data);
        bad[3] ^= (byte) 0x80;
        assertThrows(PduFormatException.class, () -> channel.writeInbound(concat(h, digest(h), data, bad)));
        PduStats s = counters.snapshot();
        assertEquals(0, s.headerDigestErrors());
        assertEquals(1, s.dataDigestErrors());
        assertEquals(0, s.receivedTotal());
        channel.finishAndReleaseAll();
    }

    @Test
    void theEncoderCountsWhatItWritesIntoTheSameCounters() {
        PduCounters counters = new PduCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(DIGESTS, counters), new PduEncoder(DIGESTS, counters));
        channel.writeAndFlush(new DataOut(true, 0, 7, 0x1234, 5, 0, 0, Unpooled.wrappedBuffer(new byte[512])));
        channel.writeAndFlush(new DataOut(false, 0, 7, 0x1234, 5, 1, 512, Unpooled.wrappedBuffer(new byte[512])));
        byte[] h = nopInHeader(0);
        channel.writeInbound(concat(h, digest(h)));
        PduStats s = counters.snapshot();
        assertEquals(2L, s.sent().get(Opcode.DATA_OUT));
        assertEquals(0L, s.sent().get(Opcode.SCSI_COMMAND), "every initiator opcode is present, at 0");
        assertEquals(2, s.sentTotal());
        assertEquals(1, s.receivedTotal());
        channel.finishAndReleaseAll();
    }

    @Test
    void aPduTheEncoderRefusesIsNotCounted() {
        PduCounters counters = new PduCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(new FramingParameters(false, false, 8192, 512), counters));
        assertFalse(channel.writeAndFlush(new DataOut(true, 0, 7, 0x1234, 5, 0, 0,
                Unpooled.wrappedBuffer(new byte[1024]))).isSuccess());
        assertEquals(0, counters.snapshot().sentTotal());
        channel.finishAndReleaseAll();
    }
}
