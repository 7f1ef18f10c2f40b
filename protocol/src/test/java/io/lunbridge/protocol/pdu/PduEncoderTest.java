package io.lunbridge.protocol.pdu;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Output buffers, digests and data ownership of {@link PduEncoder}. */
class PduEncoderTest {
    private static final FramingParameters DIGESTS = new FramingParameters(true, true, 8192, 8192);

    private static DataOut dataOut(ByteBuf data) {
        return new DataOut(true, 0x0001_0000_0000_0000L, 7, 0x1234, 5, 0, 0, data);
    }

    private static String headerOf(Pdu pdu) {
        ByteBuf out = Unpooled.buffer();
        PduCodec.encodeHeader(pdu, out);
        return Hex.of(out);
    }

    private static int crc(ByteBuf buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.nioBuffer());
        return (int) crc.getValue();
    }

    @Test
    void writesHeaderThenTheDataBufferItselfThenPadding() {
        ByteBuf data = Unpooled.directBuffer().writeBytes("hello".getBytes(US_ASCII));
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(FramingParameters.LOGIN));
        DataOut pdu = dataOut(data);
        String expectedHeader = headerOf(pdu);
        ChannelFuture write = channel.writeAndFlush(pdu);
        assertTrue(write.isSuccess());
        ByteBuf header = channel.readOutbound();
        ByteBuf sent = channel.readOutbound();
        ByteBuf trailer = channel.readOutbound();
        assertNull(channel.readOutbound());
        assertEquals(expectedHeader, Hex.of(header));
        assertSame(data, sent, "the data buffer is written as is, not copied");
        assertEquals("000000", Hex.of(trailer), "three bytes of padding");
        header.release();
        sent.release(); // what the transport does after writing
        trailer.release();
        assertEquals(0, data.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void alignedDataNeedsNoTrailerAndNoDataMeansOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(FramingParameters.LOGIN));
        channel.writeAndFlush(dataOut(Unpooled.wrappedBuffer(new byte[8])));
        ((ByteBuf) channel.readOutbound()).release();
        ((ByteBuf) channel.readOutbound()).release();
        assertNull(channel.readOutbound());
        channel.writeAndFlush(new LogoutRequest(true, 0, 1, 0, 1, 1));
        ByteBuf header = channel.readOutbound();
        assertEquals(48, header.readableBytes());
        header.release();
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    @Test
    void digestsAreCrc32cLittleEndianAndTheDecoderAcceptsThem() {
        CompositeByteBuf data = Unpooled.compositeBuffer();
        data.addComponent(true, Unpooled.wrappedBuffer("abc".getBytes(US_ASCII)));
        data.addComponent(true, Unpooled.directBuffer().writeBytes("defg".getBytes(US_ASCII)));
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(DIGESTS));
        DataOut pdu = dataOut(data);
        channel.writeAndFlush(pdu);
        ByteBuf header = channel.readOutbound();
        ByteBuf sent = channel.readOutbound();
        ByteBuf trailer = channel.readOutbound();
        assertSame(data, sent);
        assertEquals(52, header.readableBytes());
        assertEquals(crc(header.slice(0, 48)), header.getIntLE(48), "header digest");
        assertEquals(5, trailer.readableBytes(), "one byte of padding and the data digest");
        assertEquals(0, trailer.getByte(0));
        assertEquals(crc(Unpooled.wrappedBuffer("abcdefg\0".getBytes(US_ASCII))), trailer.getIntLE(1),
                "data digest over data and padding");

        EmbeddedChannel receiver = new EmbeddedChannel(new PduDecoder(DIGESTS));
        receiver.writeInbound(header, sent, trailer);
        DataOut decoded = receiver.readInbound();
        assertEquals("abcdefg", decoded.data().toString(US_ASCII));
        assertEquals(pdu.targetTransferTag(), decoded.targetTransferTag());
        decoded.release();
        assertEquals(0, data.refCnt());
        assertFalse(receiver.finish());
        assertFalse(channel.finish());
    }

    @Test
    void extendedCdbGoesIntoTheHeaderBuffer() {
        byte[] cdb = new byte[32];
        cdb[0] = 0x7f;
        ScsiCommand command = new ScsiCommand(false, true, true, false, 1, 0, 3, 512, 1, 1, cdb,
                Unpooled.EMPTY_BUFFER);
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(DIGESTS));
        channel.writeAndFlush(command);
        ByteBuf header = channel.readOutbound();
        assertEquals(48 + 20 + 4, header.readableBytes());
        assertEquals(crc(header.slice(0, 68)), header.getIntLE(68), "header digest covers the AHS");
        header.release();
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    @Test
    void releasesTheDataExactlyOnce() {
        ByteBuf data = Unpooled.directBuffer().writeBytes(new byte[100]);
        data.retain(); // the test keeps one reference of its own
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(DIGESTS));
        channel.writeAndFlush(dataOut(data));
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
        assertEquals(1, data.refCnt(), "the encoder passed on exactly one reference");
        data.release();
        assertFalse(channel.finish());
    }

    @Test
    void dataLongerThanMaxSendFailsTheWriteAndReleasesTheDataOnce() {
        ByteBuf data = Unpooled.directBuffer().writeBytes(new byte[8193]);
        data.retain();
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(FramingParameters.LOGIN));
        ChannelFuture write = channel.writeAndFlush(dataOut(data));
        assertFalse(write.isSuccess());
        assertInstanceOf(IllegalArgumentException.class, write.cause());
        assertEquals("DATA_OUT data segment of 8193 bytes exceeds MaxSendDataSegmentLength 8192",
                write.cause().getMessage());
        assertNull(channel.readOutbound(), "nothing written");
        assertEquals(1, data.refCnt(), "the PDU's reference was released, the test's kept");
        data.release();
        assertFalse(channel.finish());
    }

    @Test
    void invalidFieldFailsTheWriteAndReleasesTheData() {
        ByteBuf data = Unpooled.directBuffer().writeBytes(new byte[4]);
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(FramingParameters.LOGIN));
        ChannelFuture write = channel.writeAndFlush(
                new LoginRequest(true, false, 1, 3, 0, 0, 1, 0x10000, 0, 1, 1, 0, data));
        assertEquals("TSIH 65536 does not fit 16 bits", write.cause().getMessage());
        assertEquals(0, data.refCnt());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    @Test
    void setFramingAppliesToLaterWrites() {
        PduEncoder encoder = new PduEncoder(FramingParameters.LOGIN);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        NopOut ping = new NopOut(true, 0, 1, -1, 1, 1, Unpooled.EMPTY_BUFFER);
        channel.writeAndFlush(ping);
        encoder.setFraming(DIGESTS);
        assertSame(DIGESTS, encoder.framing());
        channel.writeAndFlush(ping);
        ByteBuf before = channel.readOutbound();
        ByteBuf after = channel.readOutbound();
        assertEquals(48, before.readableBytes());
        assertEquals(52, after.readableBytes());
        before.release();
        after.release();
        assertFalse(channel.finish());
    }

    @Test
    void otherMessagesPassThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new PduEncoder(FramingParameters.LOGIN));
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        channel.writeAndFlush(raw);
        assertSame(raw, channel.readOutbound());
        raw.release();
        assertFalse(channel.finish());
    }
}
