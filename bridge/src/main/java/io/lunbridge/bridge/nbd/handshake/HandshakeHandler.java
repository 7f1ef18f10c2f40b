package io.lunbridge.bridge.nbd.handshake;

import io.lunbridge.bridge.nbd.ConnectionContext;
import io.lunbridge.bridge.nbd.NbdFormatException;
import io.lunbridge.bridge.nbd.ShutdownRequested;
import io.lunbridge.bridge.nbd.options.OptionDecoder;
import io.lunbridge.bridge.nbd.options.OptionNegotiator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * First phase of a connection: sends the {@link Greeting} when the connection becomes active, reads
 * the 32-bit client flags and hands the stream to option haggling. A client that does not set
 * NBD_FLAG_C_FIXED_NEWSTYLE (this server speaks fixed newstyle only), or that sets a flag the server
 * did not offer, is disconnected with one log line naming it and the flags (proto.md: the server
 * MUST drop the connection on unknown client flags).
 */
public final class HandshakeHandler extends ByteToMessageDecoder {
    /** Pipeline name of this handler. */
    public static final String NAME = "nbd-handshake";
    private static final Logger LOG = LogManager.getLogger(HandshakeHandler.class);

    private final ConnectionContext connection;
    private boolean done;

    public HandshakeHandler(ConnectionContext connection) {
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Greeting.encode(ctx.alloc()));
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ShutdownRequested) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int flags = in.readInt();
        done = true;
        int known = Greeting.CLIENT_FIXED_NEWSTYLE | Greeting.CLIENT_NO_ZEROES;
        if ((flags & ~known) != 0) {
            refuse(ctx, in, new NbdFormatException("client flags", 0,
                    "client flags 0x" + Integer.toHexString(flags) + " set bits the server did not offer"));
            return;
        }
        if ((flags & Greeting.CLIENT_FIXED_NEWSTYLE) == 0) {
            refuse(ctx, in, new NbdFormatException("client flags", 0, "client flags 0x" + Integer.toHexString(flags)
                    + " lack NBD_FLAG_C_FIXED_NEWSTYLE; only fixed newstyle is served"));
            return;
        }
        boolean noZeroes = (flags & Greeting.CLIENT_NO_ZEROES) != 0;
        ctx.pipeline().addAfter(ctx.name(), OptionNegotiator.DECODER, new OptionDecoder(connection.peer()));
        ctx.pipeline().addAfter(OptionNegotiator.DECODER, OptionNegotiator.NAME,
                new OptionNegotiator(connection, noZeroes));
        ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, NbdFormatException e) {
        in.skipBytes(in.readableBytes());
        LOG.warn("NBD client {}: {}; closing the connection", connection.peer(), e.getMessage());
        ctx.close();
    }
}
