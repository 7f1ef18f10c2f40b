package io.lunbridge.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * A stream decoder under the decoder-error convention: the first {@link MalformedInputException}
 * the subclass's {@link #decodeFrames} throws is delivered once ({@link #deliver}) and every byte
 * received after it, in this read or later ones, is discarded: nothing after a framing error can be
 * trusted. The subclass frames and decodes; it never catches its own format exception.
 *
 * <p>Buffers: the cumulation stays the decoder's; what {@link #decodeFrames} adds to {@code out}
 * belongs to the next handler, as with any {@link ByteToMessageDecoder}.
 */
public abstract class StopAtFirstErrorDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(ctx, in, out);
        } catch (MalformedInputException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            deliver(ctx, e);
        }
    }

    /** Decodes what {@code in} holds, like {@link ByteToMessageDecoder#decode}; malformed input throws. */
    protected abstract void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out);

    /**
     * Reports the error: by default down the pipeline with {@code fireExceptionCaught}, unwrapped,
     * where the connection's handler closes the connection.
     */
    protected void deliver(ChannelHandlerContext ctx, MalformedInputException e) {
        ctx.fireExceptionCaught(e);
    }

    /** Whether the stream was refused (everything since is discarded). */
    protected final boolean failed() {
        return failed;
    }
}
