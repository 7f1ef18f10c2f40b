package io.lunbridge.protocol.discovery.isns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Netty decoder for an iSNSP TCP stream: cuts the stream into PDUs by the header's PDU length and
 * emits each complete {@link IsnsMessage} after {@link IsnsMessageAssembler} has joined its PDUs.
 * Malformed input raises {@link IsnsFormatException}; the connection handler closes the channel.
 */
public final class IsnsFrameDecoder extends ByteToMessageDecoder {
    private final IsnsMessageAssembler assembler = new IsnsMessageAssembler();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
