package io.lunbridge.bridge.nbd.options;

import io.lunbridge.bridge.nbd.NbdFormatException;
import io.lunbridge.wire.MalformedInputException;
import io.lunbridge.wire.StopAtFirstErrorDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Splits the haggling byte stream into {@link OptionRequest}s (IHAVEOPT, option, length, data). A
 * wrong magic or an option longer than {@link #MAX_OPTION_LENGTH} (which no valid option needs, and
 * which the server would have to buffer) is an {@link NbdFormatException}; it ends the connection
 * after one log line naming the client, the field, its offset and the value: proto.md lets a server hard-disconnect on a broken mandatory condition or
 * denial of service.
 */
public final class OptionDecoder extends StopAtFirstErrorDecoder {
    /** Largest option data accepted: a name, a few queries, with room to spare. */
    public static final int MAX_OPTION_LENGTH = 64 * 1024;
    private static final Logger LOG = LogManager.getLogger(OptionDecoder.class);

    private final String peer;

    public OptionDecoder(String peer) {
        this.peer = peer;
    }

    @Override
    protected void decodeFrames(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 16) {
            return;
        }
        int start = in.readerIndex();
        long magic = in.getLong(start);
        if (magic != OptionCodes.IHAVEOPT) {
            throw new NbdFormatException("option magic", 0,
                    "bad option magic 0x" + Long.toHexString(magic) + " (expected IHAVEOPT)");
        }
        int option = in.getInt(start + 8);
        long length = in.getUnsignedInt(start + 12);
        if (length > MAX_OPTION_LENGTH) {
            throw new NbdFormatException("option length", 12,
                    "option " + option + " length " + length + " exceeds " + MAX_OPTION_LENGTH);
        }
        if (in.readableBytes() < 16 + length) {
            return;
        }
        in.skipBytes(16);
        byte[] data = new byte[(int) length];
        in.readBytes(data);
        out.add(new OptionRequest(option, data));
    }

    /** One line naming the client, the field and the value; pending replies are flushed, then the connection closes. */
    @Override
    protected void deliver(ChannelHandlerContext ctx, MalformedInputException e) {
        LOG.warn("NBD client {}: {} during option haggling; closing the connection", peer, e.getMessage());
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
