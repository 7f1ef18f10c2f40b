package io.lunbridge.bridge.nbd;

import io.lunbridge.bridge.nbd.handshake.HandshakeHandler;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An NBD server (fixed newstyle only) publishing a set of {@link NbdExport}s on a Unix socket and/or
 * a TCP address, using Netty epoll.
 *
 * <p>Life cycle: {@link #start()} binds the listeners; {@link #stop(Duration)} stops accepting, lets
 * every connection finish the requests already at the device (so no write the client saw
 * acknowledged, and none in flight, is dropped), answers new requests with ESHUTDOWN, closes the
 * connections and releases the threads. Not thread-safe for concurrent start/stop: call them from
 * one controlling thread.
 */
public final class NbdServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(NbdServer.class);
    private static final Duration DEFAULT_STOP = Duration.ofSeconds(30);

    /** Server life cycle. */
    enum State implements Transitions<State> {
        NEW, RUNNING, STOPPED;

        /** Forward only: started once, stopped once. */
        @Override
        public boolean canMoveTo(State next) {
            return next.ordinal() > ordinal();
        }
    }

    private final NbdServerConfig config;
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("nbd-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private final EventLoopGroup sharedWorkers;
    private final StateMachine<State> state = new StateMachine<>("NBD server", State.NEW, LOG);
    private InetSocketAddress boundTcp;

    public NbdServer(NbdServerConfig config) {
        this(config, null);
    }

    /**
     * A server whose client connections run on {@code connectionLoops}, which the caller owns (it is
     * not shut down by {@link #stop}). Passing the event loop of the iSCSI session behind the exports
     * puts each NBD connection and the session on one thread: a request and its completion then
     * need no thread hand-over and no wakeup. The loops must be epoll loops.
     */
    public NbdServer(NbdServerConfig config, EventLoopGroup connectionLoops) {
        this.config = config;
        this.sharedWorkers = connectionLoops;
    }

    /**
     * Binds the configured listeners.
     *
     * @throws IOException if a socket cannot be prepared or bound (message names the address)
     */
    public void start() throws IOException {
        state.moveTo(State.RUNNING, "start");
        boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("nbd-accept"));
        workers = sharedWorkers != null ? sharedWorkers
                : new EpollEventLoopGroup(config.workerThreads(), new DefaultThreadFactory("nbd-io"));
        try {
            if (config.unixSocket().isPresent()) {
                Path path = config.unixSocket().get();
                UnixSocketPath.prepare(path);
                listeners.add(bootstrap(EpollServerDomainSocketChannel.class)
                        .bind(new DomainSocketAddress(path.toFile())).sync().channel());
                UnixSocketPath.restrict(path);
                LOG.info("NBD server listening on unix:{} with exports {}", path, exportNames());
            }
            if (config.tcp().isPresent()) {
                Channel ch = bootstrap(EpollServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .bind(config.tcp().get()).sync().channel();
                listeners.add(ch);
                boundTcp = (InetSocketAddress) ch.localAddress();
                LOG.info("NBD server listening on tcp:{} with exports {}", boundTcp, exportNames());
            }
        } catch (IOException | RuntimeException e) {
            shutdownThreads();
            throw new IOException("NBD server could not listen on " + config.unixSocket().map(p -> "unix:" + p)
                    .orElse("") + " " + config.tcp().map(a -> "tcp:" + a).orElse("") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownThreads();
            throw new IOException("interrupted while binding the NBD server", e);
        }
    }

    /** The bound TCP address (with the real port), if TCP is configured and started. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(boundTcp);
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops the server, waiting up to {@code timeout} for in-flight requests to complete.
     *
     * @return true if every connection closed on its own within the timeout; false if some had to be
     *     closed forcibly (their device requests still complete at the device, unanswered)
     */
    public boolean stop(Duration timeout) {
        if (!state.is(State.RUNNING)) {
            state.moveToIfAllowed(State.STOPPED, "stop before start");
            return true;
        }
        state.moveTo(State.STOPPED, "stop");
        for (Channel l : listeners) {
            l.close().syncUninterruptibly();
        }
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE));
        }
        boolean clean = connections.newCloseFuture().awaitUninterruptibly(timeout.toMillis());
        if (!clean) {
            LOG.warn("NBD server stop: {} connections still busy after {}; closing them", connections.size(), timeout);
            connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        shutdownThreads();
        config.unixSocket().ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("Could not remove NBD socket {}: {}", p, e.getMessage());
            }
        });
        LOG.info("NBD server stopped{}", clean ? "" : " (some connections closed forcibly)");
        return clean;
    }

    @Override
    public void close() {
        stop(DEFAULT_STOP);
    }

    private ServerBootstrap bootstrap(Class<? extends io.netty.channel.ServerChannel> type) {
        // Half closure: a client's EOF (it sent NBD_CMD_DISC, or just its last request, and shut its
        // sending side down) must not close the connection before the requests it sent are answered.
        return new ServerBootstrap().group(boss, workers).channel(type)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ConnectionContext cc = new ConnectionContext(PeerName.of(ch), config.exports(), config.maxInFlight(),
                        config.maxBytesInFlight());
                connections.add(ch);
                LOG.info("NBD client {} connected", cc.peer());
                ch.closeFuture().addListener(f -> LOG.info("NBD client {} disconnected", cc.peer()));
                ch.pipeline().addLast("flush-consolidation", new FlushConsolidationHandler(256, true));
                ch.pipeline().addLast(HandshakeHandler.NAME, new HandshakeHandler(cc));
                ch.pipeline().addLast(ConnectionGuard.NAME, new ConnectionGuard(cc.peer(), config.handshakeTimeout()));
            }
        });
    }

    private List<String> exportNames() {
        List<String> names = new ArrayList<>();
        config.exports().all().forEach(e -> names.add(e.name()));
        return names;
    }

    private void shutdownThreads() {
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null && workers != sharedWorkers) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
