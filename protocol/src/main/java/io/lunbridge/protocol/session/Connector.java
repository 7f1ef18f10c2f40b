package io.lunbridge.protocol.session;

import io.lunbridge.protocol.login.LoginConfig;
import io.lunbridge.protocol.login.LoginException;
import io.lunbridge.protocol.login.LoginStateMachine;
import io.lunbridge.protocol.login.LoginStep;
import io.lunbridge.protocol.pdu.FramingParameters;
import io.lunbridge.protocol.pdu.LoginResponse;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.PduCounters;
import io.lunbridge.protocol.pdu.PduDecoder;
import io.lunbridge.protocol.pdu.PduEncoder;
import io.lunbridge.protocol.text.SessionParameters;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Opens sessions: resolves and checks the portal, connects one TCP connection (bound to a local
 * address when multipath asks for one), sizes its socket buffers, runs the login state machine
 * over it, follows redirections, switches the framing to the negotiated digests and segment
 * lengths, and hands the channel to a {@link Session}.
 *
 * <p>Loopback is refused: a loopback portal, a loopback local address, or a connection the kernel
 * routed over a loopback interface, each with an error naming the address or interface.
 */
public final class Connector {
    private static final Logger LOG = LogManager.getLogger(Connector.class);

    private final Transport transport;
    private final ConnectOptions options;

    public Connector(Transport transport, ConnectOptions options) {
        this.transport = transport;
        this.options = options;
    }

    /** Errors that prevent a connection or login; the message says what to fix. */
    public static final class ConnectException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConnectException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Logs in to {@code host:port} and returns the full-feature session.
     *
     * @param login what to log in as and to; its {@code portal} field is filled in here
     */
    public CompletableFuture<Session> open(String host, int port, LoginConfig login, SessionConfig sessionConfig) {
        return open(host, port, null, login, sessionConfig);
    }

    /**
     * As {@link #open(String, int, LoginConfig, SessionConfig)}, with the connection bound to the
     * local interface {@code netdev} ({@code SO_BINDTODEVICE}, see {@link InterfaceBinding}), or
     * routed freely when it is null. Redirections keep the binding.
     */
    public CompletableFuture<Session> open(String host, int port, String netdev, LoginConfig login,
                                           SessionConfig sessionConfig) {
        return open(host, port, netdev, null, login, sessionConfig);
    }

    /**
     * As above, with the connection run by {@code loop} (one of the transport's event loops), or by
     * the next loop of the transport when it is null: a multipath device keeps all its sessions on
     * its own loop, so that no request crosses a thread.
     */
    public CompletableFuture<Session> open(String host, int port, String netdev, EventLoop loop, LoginConfig login,
                                           SessionConfig sessionConfig) {
        return open(host, port, netdev, loop, login, sessionConfig, new PduCounters());
    }

    /**
     * As above, the connection's PDUs (login included, redirections too) and digest errors counted in
     * {@code counters}, which the caller reads on {@code loop} (so {@code loop} must not be null
     * when the caller reads them while the session runs).
     */
    public CompletableFuture<Session> open(String host, int port, String netdev, EventLoop loop, LoginConfig login,
                                           SessionConfig sessionConfig, PduCounters counters) {
        CompletableFuture<Session> result = new CompletableFuture<>();
        attempt(host, port, netdev, loop, login, sessionConfig, counters, options.maxRedirects(), result);
        return result;
    }

    private void attempt(String host, int port, String netdev, EventLoop loop, LoginConfig login,
                         SessionConfig sessionConfig, PduCounters counters, int redirectsLeft,
                         CompletableFuture<Session> result) {
        String portal = formatPortal(host, port);
        InetSocketAddress remote;
        try {
            remote = checkedRemote(host, port);
            checkLocal(options.localAddress());
            if (netdev != null) {
                InterfaceBinding.checkUsable(netdev);
            }
        } catch (ConnectException e) {
            result.completeExceptionally(e);
            return;
        }
        LoginConfig config = withPortal(login, portal);
        String sessionName = (config.targetName() == null ? "discovery" : config.targetName()) + " @ " + portal;
        Bootstrap b = new Bootstrap().group(loop != null ? loop : transport.group()).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("decoder", new PduDecoder(FramingParameters.LOGIN, counters));
                        ch.pipeline().addLast("encoder", new PduEncoder(FramingParameters.LOGIN, counters));
                        ch.pipeline().addLast("flush", new FlushConsolidationHandler(256, true));
                    }
                });
        socketBuffers().explicitSize().ifPresent(n -> b.option(ChannelOption.SO_RCVBUF, n));
        sendBuffers().explicitSize().ifPresent(n -> b.option(ChannelOption.SO_SNDBUF, n));
        ChannelFuture connect = netdev != null ? boundConnect(b, remote, netdev)
                : options.localAddress() == null
                ? b.connect(remote) : b.connect(remote, new InetSocketAddress(options.localAddress(), 0));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause() instanceof ConnectException ? f.cause()
                        : new ConnectException("cannot connect to portal " + portal
                        + (netdev != null ? " through interface " + netdev : options.localAddress() == null ? ""
                        : " from " + options.localAddress().getHostAddress())
                        + ": " + ConnectFailure.describe(f.cause(), options.connectTimeout()), f.cause()));
                return;
            }
            Channel ch = connect.channel();
            try {
                checkRoutedInterface(ch, portal);
            } catch (ConnectException e) {
                ch.close();
                result.completeExceptionally(e);
                return;
            }
            LoginDriver driver = new LoginDriver(config, ch);
            ch.pipeline().addLast("login", driver);
            driver.outcome.whenComplete((step, error) -> {
                ch.pipeline().remove(driver);
                if (error != null) {
                    ch.close();
                    result.completeExceptionally(error);
                } else if (step instanceof LoginStep.Redirect) {
                    ch.close();
                    LoginStep.Redirect r = (LoginStep.Redirect) step;
                    if (redirectsLeft == 0) {
                        result.completeExceptionally(new ConnectException("login to " + portal + " redirected to "
                                + formatPortal(r.host(), r.port()) + " after " + options.maxRedirects()
                                + " redirections already: giving up", null));
                        return;
                    }
                    LOG.info("login to {} redirected ({}) to {}", portal, r.permanent() ? "permanently" : "temporarily",
                            formatPortal(r.host(), r.port()));
                    attempt(r.host(), r.port(), netdev, loop, login, sessionConfig, counters, redirectsLeft - 1, result);
                } else {
                    LoginStep.Complete c = (LoginStep.Complete) step;
                    SessionParameters p = c.params();
                    FramingParameters framing = new FramingParameters(p.headerDigest(), p.dataDigest(),
                            p.maxRecvDataSegmentLength(), p.maxXmitDataSegmentLength());
                    ch.pipeline().get(PduDecoder.class).setFraming(framing);
                    ch.pipeline().get(PduEncoder.class).setFraming(framing);
                    result.complete(new Session(ch, new LoginResult(p, c.tsih(), driver.cmdSn, c.statSn(),
                            c.expCmdSn(), c.maxCmdSn()), sessionConfig, sessionName));
                }
            });
            driver.start();
        });
    }

    /** Registers a channel, binds it to {@code netdev} (checked), then connects it. */
    private static ChannelFuture boundConnect(Bootstrap b, InetSocketAddress remote, String netdev) {
        ChannelFuture registered = b.register();
        Channel ch = registered.channel();
        ChannelPromise connected = ch.newPromise();
        registered.addListener(r -> {
            if (!r.isSuccess()) {
                connected.setFailure(r.cause());
                return;
            }
            try {
                InterfaceBinding.bind(ch, netdev);
            } catch (ConnectException e) {
                ch.close();
                connected.setFailure(e);
                return;
            }
            ch.connect(remote, connected);
        });
        return connected;
    }

    /** The decision for receive buffers, for status output. */
    public SocketBufferPolicy.Decision socketBuffers() {
        return options.socketBuffers().decide(SocketBufferPolicy.receiveLimits());
    }

    /** The decision for send buffers, for status output. */
    public SocketBufferPolicy.Decision sendBuffers() {
        return options.socketBuffers().decide(SocketBufferPolicy.sendLimits());
    }

    private static LoginConfig withPortal(LoginConfig c, String portal) {
        return new LoginConfig(c.initiatorName(), c.initiatorAlias(), c.targetName(), c.sessionType(), c.isid(),
                c.tsih(), c.cid(), c.proposal(), c.chap(), portal);
    }

    static String formatPortal(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static InetSocketAddress checkedRemote(String host, int port) {
        if (port < 1 || port > 65535) {
            throw new ConnectException("portal " + formatPortal(host, port) + ": port " + port + " out of range 1..65535", null);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConnectException("portal " + formatPortal(host, port) + ": cannot resolve host '" + host + "'", e);
        }
        PortalRefusal.reason(address).ifPresent(why -> {
            throw new ConnectException("portal " + formatPortal(host, port) + " " + why + " ("
                    + address.getHostAddress() + "): lunbridge refuses loopback portals; use the target's "
                    + "address on a real interface", null);
        });
        return new InetSocketAddress(address, port);
    }

    private static void checkLocal(InetAddress local) {
        if (local == null) {
            return;
        }
        if (local.isLoopbackAddress()) {
            throw new ConnectException("local address " + local.getHostAddress()
                    + " is a loopback address: lunbridge refuses loopback interfaces", null);
        }
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(local);
            if (nif == null) {
                throw new ConnectException("local address " + local.getHostAddress()
                        + " is not configured on any interface", null);
            }
            if (nif.isLoopback()) {
                throw new ConnectException("local address " + local.getHostAddress() + " belongs to loopback interface "
                        + nif.getName() + ": lunbridge refuses loopback interfaces", null);
            }
        } catch (SocketException e) {
            throw new ConnectException("cannot inspect the interface of local address " + local.getHostAddress(), e);
        }
    }

    /** Refuses a connection the kernel routed over a loopback interface (e.g. to one of our own addresses). */
    private static void checkRoutedInterface(Channel ch, String portal) {
        InetSocketAddress local = (InetSocketAddress) ch.localAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(local.getAddress());
            NetworkInterface remoteNif = NetworkInterface.getByInetAddress(remote.getAddress());
            if ((nif != null && nif.isLoopback()) || remoteNif != null) {
                throw new ConnectException("connection to portal " + portal + " runs over loopback (the portal address "
                        + remote.getAddress().getHostAddress() + " is local to this host"
                        + (remoteNif != null ? ", on interface " + remoteNif.getName() : "")
                        + "): lunbridge refuses loopback interfaces", null);
            }
        } catch (SocketException e) {
            throw new ConnectException("cannot inspect the interface of " + local, e);
        }
    }

    /** Runs the login state machine over one channel until completion, redirection or failure. */
    private final class LoginDriver extends ChannelInboundHandlerAdapter {
        final CompletableFuture<LoginStep> outcome = new CompletableFuture<>();
        final int cmdSn = ThreadLocalRandom.current().nextInt();
        private final LoginStateMachine machine;
        private final LoginConfig config;
        private final Channel channel;
        private ScheduledFuture<?> timeout;

        LoginDriver(LoginConfig config, Channel channel) {
            this.machine = new LoginStateMachine(config);
            this.config = config;
            this.channel = channel;
        }

        void start() {
            timeout = channel.eventLoop().schedule(() -> outcome.completeExceptionally(new ConnectException(
                    "login to " + config.portal() + " did not complete within " + options.loginTimeout().toSeconds()
                            + " s", null)), options.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
            channel.writeAndFlush(machine.start(0, cmdSn, 0));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Pdu pdu = (Pdu) msg;
            if (outcome.isDone()) {
                pdu.release();
                return;
            }
            if (!(pdu instanceof LoginResponse)) {
                pdu.release();
                finish(null, new ConnectException("login to " + config.portal() + ": target sent " + pdu.opcode()
                        + " during login", null));
                return;
            }
            try {
                LoginStep step = machine.onResponse((LoginResponse) pdu);
                if (step instanceof LoginStep.Send) {
                    ctx.writeAndFlush(((LoginStep.Send) step).request());
                } else {
                    finish(step, null);
                }
            } catch (LoginException e) {
                finish(null, e);
            } catch (RuntimeException e) {
                finish(null, new ConnectException("login to " + config.portal() + " failed: " + e.getMessage(), e));
            } finally {
                pdu.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(null, new ConnectException("target " + config.portal() + " closed the connection during login", null));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(null, new ConnectException("login to " + config.portal() + " failed: " + cause.getMessage(), cause));
        }

        private void finish(LoginStep step, Throwable error) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (error != null) {
                outcome.completeExceptionally(error);
            } else {
                outcome.complete(step);
            }
        }
    }
}
