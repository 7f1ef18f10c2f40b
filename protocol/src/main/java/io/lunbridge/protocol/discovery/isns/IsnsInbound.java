package io.lunbridge.protocol.discovery.isns;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Messages arriving at an {@link IsnsClient}: on the server connection ({@code serverAddr} set)
 * responses go to the pending requests; on the connections the server opens to the registered
 * portal, SCNs are answered and reported, ESIs answered, anything else answered "message not
 * supported". A server connection that closes or sends garbage is reported as lost. Runs on the
 * client's event loop; the message is released by {@link SimpleChannelInboundHandler}.
 */
final class IsnsInbound extends SimpleChannelInboundHandler<IsnsMessage> {
    private static final Logger LOG = LogManager.getLogger(IsnsClient.class);

    /** What the handler needs of its client (event loop only). */
    interface Client {
        /** Whether {@code ch} is the server connection in use. */
        boolean isCurrentServer(Channel ch);

        /** Whether the client is registered (a lost connection then fails over). */
        boolean registered();

        String describeServer();

        IsnsPendingRequests pending();

        /** An SCN arrived (already answered): re-query. */
        void scnReceived();

        /** An ESI was answered. */
        void esiAnswered();

        /** The server connection {@code ch} is unusable for {@code reason}: move on to the next server. */
        void serverLost(Channel ch, String reason);
    }

    private final Client client;
    private final InetSocketAddress serverAddr;

    /** @param serverAddr the server this connection goes to, or null for an accepted SCN/ESI connection */
    IsnsInbound(Client client, InetSocketAddress serverAddr) {
        this.client = client;
        this.serverAddr = serverAddr;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, IsnsMessage message) {
        if (message.isResponse()) {
            if (!client.isCurrentServer(ctx.channel()) || !client.pending().answer(message, client.describeServer())) {
                LOG.warn("iSNS {} from {}: response xid {} matches no request, ignored", message.function(),
                        ctx.channel().remoteAddress(), message.transactionId());
            }
            return;
        }
        switch (message.function()) {
            case SCN:
                LOG.info("iSNS SCN (xid {}) from {}", message.transactionId(), ctx.channel().remoteAddress());
                ctx.writeAndFlush(IsnsMessages.scnResponse(message));
                client.scnReceived();
                break;
            case ESI:
                LOG.debug("iSNS ESI (xid {}) from {}", message.transactionId(), ctx.channel().remoteAddress());
                ctx.writeAndFlush(IsnsMessages.esiResponse(message));
                client.esiAnswered();
                break;
            default:
                LOG.warn("iSNS {} from {} is not a message a client handles; answered with status {}",
                        message.function(), ctx.channel().remoteAddress(), IsnsStatus.MESSAGE_NOT_SUPPORTED.code());
                ctx.writeAndFlush(new IsnsResponse(message.function(), IsnsStatus.MESSAGE_NOT_SUPPORTED.code(),
                        List.of(), List.of()).toMessage(message.transactionId(), IsnsPdu.FLAG_CLIENT));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (serverAddr != null && client.isCurrentServer(ctx.channel()) && client.registered()) {
            LOG.warn("iSNS server {} closed the connection", IsnsFutures.describe(serverAddr));
            client.serverLost(ctx.channel(), "closed the connection");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String peer = serverAddr != null ? "iSNS server " + IsnsFutures.describe(serverAddr)
                : "iSNS SCN/ESI connection from " + ctx.channel().remoteAddress();
        Throwable why = IsnsFutures.unwrap(cause);
        LOG.warn("{}: {}; closing the connection", peer, why.getMessage());
        if (serverAddr != null && client.isCurrentServer(ctx.channel())) {
            client.pending().failAll(peer + ": " + why.getMessage(), cause);
            if (client.registered()) {
                client.serverLost(ctx.channel(), "sent a malformed message");
                return;
            }
        }
        ctx.close();
    }
}
