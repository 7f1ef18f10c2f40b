package io.lunbridge.bridge.nbd.options;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Splits the haggling byte stream into {@link OptionRequest}s (IHAVEOPT, option, length, data). A
 * wrong magic or an option longer than {@link #MAX_OPTION_LENGTH} (which no valid option needs, and
 * which the server would have to buffer) ends the connection after one log line naming the client,
 * the field and the value: proto.md lets a server hard-disconnect on a broken mandatory condition or
 * denial of service.
 */
public final class OptionDecoder extends ByteToMessageDecoder {
    /** Largest option data accepted: a name, a few queries, with room to spare. */
    public static final int MAX_OPTION_LENGTH = 64 * 1024;
    private static final Logger LOG = LogManager.getLogger(OptionDecoder.class);

    private final String peer;
    private boolean broken;

    public OptionDecoder(String peer) {
        this.peer = peer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 16) {
            return;
        }
        int start = in.readerIndex();
        long magic = in.getLong(start);
        if (magic != OptionCodes.IHAVEOPT) {
            fail(ctx, in, "bad option magic 0x" + Long.toHexString(magic) + " (expected IHAVEOPT)");
            return;
        }
        int option = in.getInt(start + 8);
        long length = in.getUnsignedInt(start + 12);
        if (length > MAX_OPTION_LENGTH) {
            fail(ctx, in, "option " + option + " length " + length + " exceeds " + MAX_OPTION_LENGTH);
            return;
        }
        if (in.readableBytes() < 16 + length) {
            return;
        }
        in.skipBytes(16);
        byte[] data = new byte[(int) length];
        in.readBytes(data);
        out.add(new OptionRequest(option, data));
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String what) {
        broken = true;
        in.skipBytes(in.readableBytes());
        LOG.warn("NBD client {}: {} during option haggling; closing the connection", peer, what);
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
