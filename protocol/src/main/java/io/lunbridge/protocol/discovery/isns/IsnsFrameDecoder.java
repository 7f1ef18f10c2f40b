package io.lunbridge.protocol.discovery.isns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.lunbridge.wire.MalformedInputException;
import io.lunbridge.wire.StopAtFirstErrorDecoder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Netty decoder for an iSNSP TCP stream: cuts the stream into PDUs by the header's PDU length and
 * emits each complete {@link IsnsMessage} after {@link IsnsMessageAssembler} has joined its PDUs.
 * Malformed input raises {@link IsnsFormatException} once; the connection handler closes the
 * channel, and every byte after the error is discarded. A PDU is at most 12 + 65535 bytes (its
 * length field has 16 bits) and a message at most {@link IsnsMessageAssembler#DEFAULT_MAX_MESSAGE_BYTES}.
 */
public final class IsnsFrameDecoder extends StopAtFirstErrorDecoder {
    private final IsnsMessageAssembler assembler = new IsnsMessageAssembler();

    /** Thrown rather than fired: the iSNS client reads it as the cause of Netty's {@code DecoderException}. */
    @Override
    protected void deliver(ChannelHandlerContext ctx, MalformedInputException e) {
        throw e;
    }

    @Override
    protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= IsnsPdu.HEADER_LENGTH) {
            byte[] header = new byte[IsnsPdu.HEADER_LENGTH];
            in.getBytes(in.readerIndex(), header);
            int length = IsnsPduCodec.peekPayloadLength(ByteBuffer.wrap(header));
            if (in.readableBytes() < IsnsPdu.HEADER_LENGTH + length) {
                return;
            }
            byte[] bytes = new byte[IsnsPdu.HEADER_LENGTH + length];
            in.readBytes(bytes);
            IsnsMessage message = assembler.add(IsnsPduCodec.decode(bytes));
            if (message != null) {
                out.add(message);
            }
        }
    }
}
