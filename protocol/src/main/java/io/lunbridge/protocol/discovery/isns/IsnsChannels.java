package io.lunbridge.protocol.discovery.isns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The sockets of an {@link IsnsClient}: the listener the server connects to for SCN and ESI, and
 * the connection to a server, each with the iSNS frame decoder, encoder and an {@link IsnsInbound}
 * made by {@code inbound} (given the server's address, or null for accepted connections).
 */
final class IsnsChannels {
    private static final Logger LOG = LogManager.getLogger(IsnsClient.class);

    private final EventLoopGroup group;
    private final Function<InetSocketAddress, IsnsInbound> inbound;

    IsnsChannels(EventLoopGroup group, Function<InetSocketAddress, IsnsInbound> inbound) {
        this.group = group;
        this.inbound = inbound;
    }

    /** Listens on {@code at} (port 0: any) for the server's SCN/ESI connections. */
    CompletableFuture<Channel> listen(InetSocketAddress at) {
        CompletableFuture<Channel> bound = new CompletableFuture<>();
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(pipeline(null))
                .bind(at).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        LOG.info("iSNS client listening for SCN/ESI on {}", f.channel().localAddress());
                        bound.complete(f.channel());
                    } else {
                        bound.completeExceptionally(new IsnsException("cannot listen for iSNS SCN/ESI on " + at, f.cause()));
                    }
                });
        return bound;
    }

    /** Connects to the server {@code addr} within {@code timeout}; the failure names the server. */
    CompletableFuture<Channel> connect(InetSocketAddress addr, Duration timeout) {
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(pipeline(addr))
                .connect(addr).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        LOG.info("connected to iSNS server {} from {}", IsnsFutures.describe(addr), f.channel().localAddress());
                        connected.complete(f.channel());
                    } else {
                        connected.completeExceptionally(new IsnsException("iSNS server " + IsnsFutures.describe(addr)
                                + " unreachable: " + f.cause().getMessage(), f.cause()));
                    }
                });
        return connected;
    }

    private ChannelInitializer<SocketChannel> pipeline(InetSocketAddress serverAddr) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new IsnsFrameDecoder(), new IsnsMessageEncoder(IsnsPduCodec.DEFAULT_MAX_PAYLOAD),
                        inbound.apply(serverAddr));
            }
        };
    }
}
