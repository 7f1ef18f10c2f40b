package io.lunbridge.protocol.discovery.slp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The sockets of the SLP user agent, all on one Netty event loop (native epoll where available,
 * NIO otherwise): short-lived UDP channels (one per transmission, so that each retransmission
 * leaves from a new source port; unicast ones connected, so that ICMP errors are seen), the optional listener on UDP 427 for unsolicited DAAdverts, and
 * TCP request/reply exchanges for overflowing replies. Everything these channels report is handled
 * on {@link #loop()}; no state here is shared with other threads.
 */
final class SlpNetwork implements AutoCloseable {
    /** Largest UDP payload; openslp sends overflowing replies complete and IP-fragmented (16 kB). */
    private static final int MAX_DATAGRAM = 65_535;

    /**
     * IP_RECVERR (level IPPROTO_IP): without it Linux reports only "hard" ICMP errors (port
     * unreachable) to a connected UDP socket and drops host and network unreachable in silence
     * (net/ipv4/udp.c, __udp4_lib_err; RFC 1122 4.1.3.3 leaves it to the application).
     */
    private static final IntegerUnixChannelOption IP_RECVERR = new IntegerUnixChannelOption("IP_RECVERR", 0, 11);

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final boolean epoll;

    private SlpNetwork(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.loop = group.next();
        this.epoll = epoll;
    }

    /** Creates the single event loop. */
    static SlpNetwork create() {
        DefaultThreadFactory factory = new DefaultThreadFactory("lunbridge-slp", true);
        if (Epoll.isAvailable()) {
            return new SlpNetwork(new EpollEventLoopGroup(1, factory), true);
        }
        return new SlpNetwork(new NioEventLoopGroup(1, factory), false);
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * Opens a UDP channel bound to {@code local} (port 0 = a fresh ephemeral port). When
     * {@code multicastVia} is given, multicast leaves through that interface's address and is not
     * looped back. Every received datagram is passed to {@code handler} on the loop, then released.
     */
    ChannelFuture openUdp(InetSocketAddress local, InetAddress multicastVia,
            BiConsumer<InetSocketAddress, ByteBuf> handler) {
        Bootstrap b = new Bootstrap().group(loop)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(InternetProtocolFamily.IPv4)
                        : new NioDatagramChannel(InternetProtocolFamily.IPv4))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .option(ChannelOption.SO_REUSEADDR, local.getPort() != 0)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        handler.accept(p.sender(), p.content());
                    }
                });
        if (multicastVia != null) {
            b.option(ChannelOption.IP_MULTICAST_IF, networkInterface(multicastVia))
                    .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, true);
        }
        return b.bind(local);
    }

    /**
     * Opens a UDP channel from a fresh ephemeral port, connected to {@code remote}: only its
     * datagrams arrive, and the ICMP errors the network returns for what the channel sent (port or
     * host unreachable) reach {@code onError} on the loop (Linux reports them only on connected
     * sockets; Netty turns port unreachable into {@link java.net.PortUnreachableException}). Host
     * and network unreachable need {@link #IP_RECVERR}, which only the epoll transport can set:
     * under NIO they go unseen and the request runs to its retryMax.
     * Received datagrams are passed to {@code handler} on the loop, then released.
     */
    ChannelFuture openConnectedUdp(InetSocketAddress remote, BiConsumer<InetSocketAddress, ByteBuf> handler,
            Consumer<Throwable> onError) {
        Bootstrap b = new Bootstrap().group(loop)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(InternetProtocolFamily.IPv4)
                        : new NioDatagramChannel(InternetProtocolFamily.IPv4))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        if (epoll) {
            b.option(IP_RECVERR, 1);
        }
        return b.handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        handler.accept(p.sender() != null ? p.sender() : remote, p.content());
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        onError.accept(cause);
                    }
                })
                .connect(remote, new InetSocketAddress(0));
    }

    /** Sends one datagram on a channel from {@link #openConnectedUdp}. */
    ChannelFuture send(Channel connected, byte[] message) {
        return connected.writeAndFlush(Unpooled.wrappedBuffer(message));
    }

    /** Joins {@code group} on the interface that holds {@code via}, on a channel from {@link #openUdp}. */
    ChannelFuture joinGroup(Channel channel, InetSocketAddress group, InetAddress via) {
        return ((DatagramChannel) channel).joinGroup(group, networkInterface(via));
    }

    /** Sends one datagram on a channel from {@link #openUdp}. */
    ChannelFuture send(Channel channel, byte[] message, InetSocketAddress to) {
        return channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message), to));
    }

    /**
     * Sends one request over a new TCP connection and completes with the first whole SLP message
     * the peer returns (framed by its 24-bit length field), then closes the connection. The future
     * completes on the loop; it fails on connect errors, a closed connection, or after {@code timeoutMillis}.
     */
    CompletableFuture<SlpMessage> tcpRequest(InetSocketAddress to, byte[] request, long timeoutMillis) {
        CompletableFuture<SlpMessage> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeoutMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SlpFrameDecoder(),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        try {
                                            result.complete(SlpDecoder.decode(frame));
                                        } catch (SlpFormatException e) {
                                            result.completeExceptionally(e);
                                        }
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.completeExceptionally(new SlpException("TCP connection to "
                                                + to + " closed before a whole SLP reply arrived"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        result.completeExceptionally(new SlpException("TCP exchange with "
                                                + to + " failed: " + cause.getMessage(), cause));
                                        ctx.close();
                                    }
                                });
                    }
                });
        ChannelFuture connect = b.connect(to);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new SlpException("cannot connect over TCP to " + to + ": "
                        + f.cause().getMessage(), f.cause()));
                return;
            }
            connect.channel().writeAndFlush(Unpooled.wrappedBuffer(request));
        });
        var timer = loop.schedule(() -> result.completeExceptionally(new SlpTimeoutException(
                "no SLP reply over TCP from " + to + " within " + timeoutMillis + " ms")), timeoutMillis,
                TimeUnit.MILLISECONDS);
        result.whenComplete((m, e) -> {
            timer.cancel(false);
            connect.channel().close();
        });
        return result;
    }

    private static NetworkInterface networkInterface(InetAddress address) {
        try {
            NetworkInterface ni = NetworkInterface.getByInetAddress(address);
            if (ni == null) {
                throw new SlpException("no local network interface has the address " + address.getHostAddress()
                        + " (configured for SLP multicast)");
            }
            return ni;
        } catch (SocketException e) {
            throw new SlpException("cannot look up the interface of " + address.getHostAddress() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
