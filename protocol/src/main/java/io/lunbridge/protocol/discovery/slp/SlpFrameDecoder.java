package io.lunbridge.protocol.discovery.slp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.lunbridge.wire.StopAtFirstErrorDecoder;
import java.util.List;

/**
 * Cuts an SLP TCP stream into messages by the header's 24-bit length ({@link SlpDecoder#frameLength}),
 * bounded by {@link SlpDecoder#MAX_MESSAGE_LENGTH} before anything is buffered for the message. A
 * length over the bound (or shorter than the fixed header) is an {@link SlpFormatException} naming the field and its offset, delivered
 * once with {@code fireExceptionCaught} (as the PDU decoder does, so it is not wrapped); every byte
 * after it is discarded. Each frame is emitted as a retained slice that the next handler releases.
 */
final class SlpFrameDecoder extends StopAtFirstErrorDecoder {
    @Override
    protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = SlpDecoder.frameLength(in);
        if (length >= 0 && length < SlpHeader.FIXED_LENGTH) {
            throw new SlpFormatException("length", 2, "SLP: length at offset 2: " + length + " bytes, at least "
                    + SlpHeader.FIXED_LENGTH);
        }
        if (length < 0 || in.readableBytes() < length) {
            return;
        }
        out.add(in.readRetainedSlice(length));
    }
}
