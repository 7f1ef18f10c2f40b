package io.lunbridge.protocol.session;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops that run iSCSI connections: Netty's native epoll transport where available (it
 * is on Linux x86_64), NIO otherwise. Each connection is bound to one loop for its whole life.
 */
public final class Transport implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;

    private Transport(EventLoopGroup group, Class<? extends SocketChannel> channelClass) {
        this.group = group;
        this.channelClass = channelClass;
    }

    /** Creates a transport with {@code threads} event loops (0: Netty's default, 2 × cores). */
    public static Transport create(int threads) {
        DefaultThreadFactory factory = new DefaultThreadFactory("lunbridge-iscsi", true);
        if (Epoll.isAvailable()) {
            return new Transport(new EpollEventLoopGroup(threads, factory), EpollSocketChannel.class);
        }
        return new Transport(new NioEventLoopGroup(threads, factory), NioSocketChannel.class);
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends SocketChannel> channelClass() {
        return channelClass;
    }

    /** Whether the native epoll transport is in use. */
    public boolean nativeEpoll() {
        return channelClass == EpollSocketChannel.class;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
