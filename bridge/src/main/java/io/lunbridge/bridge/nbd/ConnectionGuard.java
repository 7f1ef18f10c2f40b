package io.lunbridge.bridge.nbd;

import io.lunbridge.bridge.nbd.transmission.TransmissionPhase;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The last handler of every NBD server connection: closes a client that has not entered the
 * transmission phase within the handshake deadline (like qemu-nbd, so that idle or stuck clients
 * do not hold connections forever), and ends every exception that reaches it with one log line
 * naming the client: INFO for a transport error such as a reset ("Connection reset by peer"),
 * WARN for anything else. Nothing reaches Netty's tail handler, which would warn with a stack trace.
 *
 * <p>Connections are half-closable (the transmission phase answers what a client sent before its
 * EOF); a client whose input ends before the transmission phase has nothing to be answered, so the
 * connection closes here.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "nbd-guard";
    private static final Logger LOG = LogManager.getLogger(ConnectionGuard.class);

    private final String peer;
    private final Duration handshakeTimeout;
    private ScheduledFuture<?> deadline;

    ConnectionGuard(String peer, Duration handshakeTimeout) {
        this.peer = peer;
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        deadline = ctx.executor().schedule(() -> {
            if (ctx.channel().isActive() && ctx.pipeline().get(TransmissionPhase.HANDLER) == null) {
                LOG.info("NBD client {} did not negotiate an export within {} s; closing the connection", peer,
                        handshakeTimeout.toSeconds());
                ctx.close();
            }
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent && ctx.pipeline().get(TransmissionPhase.HANDLER) == null) {
            LOG.info("NBD client {} closed its side of the connection during negotiation", peer);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.info("NBD client {}: connection lost ({})", peer, cause.getMessage());
        } else {
            LOG.warn("NBD client {}: {}; closing the connection", peer, cause.toString());
        }
        ctx.close();
    }
}
