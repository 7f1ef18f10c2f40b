package io.lunbridge.protocol.pdu;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Framing, malformed input and buffer ownership of {@link PduDecoder}. */
class PduDecoderTest {
    private static final FramingParameters DIGESTS = new FramingParameters(true, true, 65536, 65536);

    /** NOP-In BHS with the given DataSegmentLength (and TotalAHSLength 0). */
    static byte[] nopInHeader(int dataLength) {
        return Hex.bytes(String.format("20800000 %08x 00000000 00000000 00000007 ffffffff", dataLength)
                + "00000001 00000002 00000003 00000000 00000000 00000000");
    }

    static int crc(byte[]... parts) {
        CRC32C crc = new CRC32C();
        for (byte[] p : parts) {
            crc.update(p);
        }
        return (int) crc.getValue();
    }

    static byte[] le(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
    }

    static ByteBuf concat(byte[]... parts) {
        ByteBuf buf = Unpooled.directBuffer();
        for (byte[] p : parts) {
            buf.writeBytes(p);
        }
        return buf;
    }

    private static PduFormatException rejected(FramingParameters framing, ByteBuf input) {
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(framing));
        PduFormatException e = assertThrows(PduFormatException.class, () -> channel.writeInbound(input));
        assertEquals(0, input.refCnt(), "input released after the error");
        assertNull(channel.readInbound(), "nothing decoded");
        // Everything after a connection error is discarded, even a valid PDU.
        ByteBuf more = concat(nopInHeader(0));
        assertFalse(channel.writeInbound(more));
        assertEquals(0, more.refCnt());
        channel.finishAndReleaseAll();
        return e;
    }

    // ------------------------------------------------------------------ malformed PDUs

    @Test
    void unknownOpcode() {
        byte[] header = nopInHeader(0);
        header[0] = 0x1c;
        assertEquals("BHS opcode: unknown value 0x1c",
                rejected(FramingParameters.LOGIN, concat(header)).getMessage());
    }

    @Test
    void dataSegmentLongerThanMaxRecvIsRejectedBeforeTheDataArrives() {
        assertEquals("DataSegmentLength 70000 exceeds MaxRecvDataSegmentLength 65536",
                rejected(new FramingParameters(false, false, 65536, 8192), concat(nopInHeader(70000)))
                        .getMessage());
    }

    @Test
    void dataSegmentAtMaxRecvIsAccepted() {
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(FramingParameters.LOGIN));
        channel.writeInbound(concat(nopInHeader(8192), new byte[8192]));
        NopIn pdu = channel.readInbound();
        assertEquals(8192, pdu.data().readableBytes());
        pdu.release();
        assertFalse(channel.finish());
    }

    @Test
    void headerDigestMismatch() {
        byte[] header = nopInHeader(0);
        int good = crc(header);
        int bad = good ^ 0x00000100;
        PduFormatException e = rejected(DIGESTS, concat(header, le(bad)));
        assertEquals(String.format("header digest mismatch: received 0x%08x, computed 0x%08x", bad, good),
                e.getMessage());
    }

    @Test
    void corruptedHeaderFieldIsCaughtByTheHeaderDigestNotTheLengthCheck() {
        byte[] header = nopInHeader(4);
        int digest = crc(header);
        header[5] = 0x7f; // DataSegmentLength now 0x7f0004, over any limit
        PduFormatException e = rejected(DIGESTS, concat(header, le(digest)));
        assertTrue(e.getMessage().startsWith("header digest mismatch: received 0x"), e.getMessage());
    }

    @Test
    void dataDigestMismatch() {
        byte[] header = nopInHeader(5);
        byte[] data = "hello".getBytes(US_ASCII);
        byte[] padding = {0, 0, 0};
        int good = crc(data, padding);
        int bad = ~good;
        PduFormatException e = rejected(DIGESTS, concat(header, le(crc(header)), data, padding, le(bad)));
        assertEquals(String.format("data digest mismatch: received 0x%08x, computed 0x%08x", bad, good),
                e.getMessage());
    }

    @Test
    void nonZeroPadding() {
        byte[] header = nopInHeader(5);
        PduFormatException e = rejected(FramingParameters.LOGIN,
                concat(header, "hello".getBytes(US_ASCII), new byte[] {0, 7, 0}));
        assertEquals("padding byte 2 of data segment is 0x07, must be 0", e.getMessage());
    }

    @Test
    void totalAhsLengthOnPduWithoutAhs() {
        byte[] header = nopInHeader(0);
        header[4] = 1;
        assertEquals("TotalAHSLength 1 on NOP_IN, which defines no AHS",
                rejected(FramingParameters.LOGIN, concat(header, new byte[4])).getMessage());
    }

    @Test
    void ahsLengthOverrunningTotalAhsLength() {
        byte[] bhs = Hex.bytes("01c10000 01000000" + "00000000".repeat(10));
        assertEquals("AHSLength 5 at header offset 48 overruns TotalAHSLength 1",
                rejected(FramingParameters.LOGIN, concat(bhs, Hex.bytes("00050100"))).getMessage());
    }

    @Test
    void dataSegmentOnPduThatHasNone() {
        byte[] r2t = Hex.bytes("31800000 00000004" + "00000000".repeat(10));
        assertEquals("DataSegmentLength 4 on R2T, which carries no data segment",
                rejected(FramingParameters.LOGIN, concat(r2t, new byte[4])).getMessage());
    }

    // ------------------------------------------------------------------ framing

    @Test
    void waitsForTheWholePduIncludingPaddingAndDigests() {
        byte[] header = nopInHeader(5);
        byte[] data = "hello".getBytes(US_ASCII);
        byte[] padding = {0, 0, 0};
        ByteBuf all = concat(header, le(crc(header)), data, padding, le(crc(data, padding)));
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(DIGESTS));
        int total = all.readableBytes();
        for (int i = 0; i < total - 1; i++) {
            assertFalse(channel.writeInbound(all.readRetainedSlice(1)), "nothing before byte " + (i + 1));
        }
        assertTrue(channel.writeInbound(all.readRetainedSlice(1)));
        all.release();
        NopIn pdu = channel.readInbound();
        assertEquals("hello", pdu.data().toString(US_ASCII));
        assertEquals(7, pdu.initiatorTaskTag());
        pdu.release();
        assertFalse(channel.finish());
    }

    @Test
    void noDataDigestWhenTheDataSegmentIsEmpty() {
        byte[] header = nopInHeader(0);
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(DIGESTS));
        channel.writeInbound(concat(header, le(crc(header)), header, le(crc(header))));
        assertEquals(Opcode.NOP_IN, ((Pdu) channel.readInbound()).opcode());
        assertEquals(Opcode.NOP_IN, ((Pdu) channel.readInbound()).opcode());
        assertFalse(channel.finish());
    }

    @Test
    void bufferedBytesReportsAPduCutByConnectionClose() {
        PduDecoder decoder = new PduDecoder(FramingParameters.LOGIN);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(concat(nopInHeader(100), new byte[10]));
        assertEquals(58, decoder.bufferedBytes());
        assertFalse(channel.finish());
    }

    @Test
    void setFramingRejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> new PduDecoder(null));
    }

    // ------------------------------------------------------------------ ownership

    @Test
    void decodedDataIsARetainedSliceOfTheInputNotACopy() {
        byte[] data1 = "first".getBytes(US_ASCII);
        byte[] data2 = "second!!".getBytes(US_ASCII);
        ByteBuf input = concat(nopInHeader(5), data1, new byte[3], nopInHeader(8), data2);
        assertTrue(input.hasMemoryAddress(), "direct buffer with an address to compare");
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(FramingParameters.LOGIN));
        channel.writeInbound(input);
        NopIn first = channel.readInbound();
        NopIn second = channel.readInbound();
        assertEquals(input.memoryAddress() + 48, first.data().memoryAddress());
        assertEquals(input.memoryAddress() + 48 + 8 + 48, second.data().memoryAddress());
        input.setByte(48, 'F');
        assertEquals("First", first.data().toString(US_ASCII), "writes to the input show through");
        // The decoder has released its own reference; the two slices share the input's count.
        assertEquals(2, input.refCnt());
        first.release();
        assertEquals(1, input.refCnt());
        second.release();
        assertEquals(0, input.refCnt(), "the consumer's releases free the receive buffer");
        assertFalse(channel.finish());
    }

    @Test
    void pooledReceiveBufferIsFreedWhenTheLastSliceIsReleased() {
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer();
        input.writeBytes(nopInHeader(4)).writeBytes("ping".getBytes(US_ASCII));
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(FramingParameters.LOGIN));
        channel.writeInbound(input);
        NopIn pdu = channel.readInbound();
        assertEquals(1, input.refCnt(), "kept alive by the slice alone");
        assertEquals(input.memoryAddress() + 48, pdu.data().memoryAddress());
        pdu.release();
        assertEquals(0, input.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void dataSpanningSeveralReadsIsAssembledWithoutCopying() {
        byte[] header = nopInHeader(12);
        ByteBuf read1 = concat(header, "abcd".getBytes(US_ASCII));
        ByteBuf read2 = concat("efgh".getBytes(US_ASCII));
        ByteBuf read3 = concat("ijkl".getBytes(US_ASCII));
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(FramingParameters.LOGIN));
        assertFalse(channel.writeInbound(read1));
        assertFalse(channel.writeInbound(read2));
        assertTrue(channel.writeInbound(read3));
        NopIn pdu = channel.readInbound();
        assertEquals("abcdefghijkl", pdu.data().toString(US_ASCII));
        read2.setByte(0, 'E');
        assertEquals("abcdEfghijkl", pdu.data().toString(US_ASCII), "composite of the read buffers");
        pdu.release();
        assertEquals(0, read1.refCnt());
        assertEquals(0, read2.refCnt());
        assertEquals(0, read3.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void pduWithoutDataHoldsNoReferenceToTheInput() {
        ByteBuf input = concat(nopInHeader(0));
        EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(FramingParameters.LOGIN));
        channel.writeInbound(input);
        NopIn pdu = channel.readInbound();
        assertEquals(0, input.refCnt());
        assertEquals(Unpooled.EMPTY_BUFFER, pdu.data());
        assertFalse(channel.finish());
    }
}
