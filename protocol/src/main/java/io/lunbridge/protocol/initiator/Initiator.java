package io.lunbridge.protocol.initiator;

import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.discovery.SendTargetsParser;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.login.LoginConfig;
import io.lunbridge.protocol.login.SessionType;
import io.lunbridge.protocol.pdu.PduCounters;
import io.lunbridge.protocol.session.ConnectOptions;
import io.lunbridge.protocol.session.Connector;
import io.lunbridge.protocol.session.Session;
import io.lunbridge.protocol.session.SessionConfig;
import io.lunbridge.protocol.session.Transport;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.OperationalParameters;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The initiator as a whole: its name, its event loops, and the operations the layers above start
 * from: SendTargets discovery on a portal, and login to a target.
 */
public final class Initiator implements AutoCloseable {
    private final Settings settings;
    private final Transport transport;
    private final Connector connector;

    /**
     * What the initiator is and how it connects.
     *
     * @param name initiator IQN
     * @param alias InitiatorAlias, or null
     * @param connect connection options (local address, timeouts, socket buffers)
     * @param session session timers
     * @param proposal operational parameters offered at login
     * @param threads event loop threads (0: Netty default)
     */
    public record Settings(String name, String alias, ConnectOptions connect, SessionConfig session,
                           OperationalParameters proposal, int threads) {

        public static Settings defaults(String name) {
            return new Settings(name, null, ConnectOptions.defaults(), SessionConfig.defaults(),
                    OperationalParameters.defaults(), 0);
        }

        public Settings withConnect(ConnectOptions c) {
            return new Settings(name, alias, c, session, proposal, threads);
        }

        public Settings withSession(SessionConfig s) {
            return new Settings(name, alias, connect, s, proposal, threads);
        }

        public Settings withProposal(OperationalParameters p) {
            return new Settings(name, alias, connect, session, p, threads);
        }
    }

    public Initiator(Settings settings) {
        this.settings = settings;
        this.transport = Transport.create(settings.threads());
        this.connector = new Connector(transport, settings.connect());
    }

    public Settings settings() {
        return settings;
    }

    /** The connector, e.g. for the socket buffer decisions it applies. */
    public Connector connector() {
        return connector;
    }

    /**
     * Runs SendTargets=All in a discovery session on {@code host:port} and logs out.
     *
     * @param chap credentials if the portal requires discovery authentication
     */
    public CompletableFuture<List<DiscoveredTarget>> sendTargets(String host, int port,
                                                                 Optional<ChapCredentials> chap) {
        LoginConfig login = new LoginConfig(settings.name(), settings.alias(), null, SessionType.DISCOVERY,
                Isid.of(settings.name(), null, Isid.pathKey(null, settings.connect().localAddress(), host + ":" + port)),
                0, 0, settings.proposal(), chap, host + ":" + port);
        String portal = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return connector.open(host, port, login, settings.session()).thenCompose(session ->
                session.text(List.of(new KeyValue("SendTargets", "All")))
                        .thenApply(keys -> SendTargetsParser.parse(keys, portal))
                        .handle((targets, error) -> session.logout().handle((v, ignored) -> {
                            if (error != null) {
                                throw error instanceof CompletionException
                                        ? (CompletionException) error : new CompletionException(error);
                            }
                            return targets;
                        }))
                        .thenCompose(f -> f));
    }

    /** Logs in to {@code target} on {@code host:port}, routed freely. */
    public CompletableFuture<Session> login(String host, int port, String target, Optional<ChapCredentials> chap) {
        return login(host, port, null, target, chap);
    }

    /**
     * Logs in to {@code target} on {@code host:port} over one path: through the local interface
     * {@code netdev} (SO_BINDTODEVICE) or, when it is null, routed freely. The ISID is the path's
     * own ({@link Isid#of}), so a re-login of the same path reinstates its session at the target
     * and two paths are two I_T nexuses.
     */
    public CompletableFuture<Session> login(String host, int port, String netdev, String target,
                                            Optional<ChapCredentials> chap) {
        return login(host, port, netdev, null, target, chap);
    }

    /** As above, the connection run by {@code loop} (one of {@link #transport()}'s loops; null: any). */
    public CompletableFuture<Session> login(String host, int port, String netdev, io.netty.channel.EventLoop loop,
                                            String target, Optional<ChapCredentials> chap) {
        return login(host, port, netdev, loop, target, chap, new PduCounters());
    }

    /** As above, the connection's PDUs and digest errors counted in {@code counters} (read on {@code loop}). */
    public CompletableFuture<Session> login(String host, int port, String netdev, io.netty.channel.EventLoop loop,
                                            String target, Optional<ChapCredentials> chap, PduCounters counters) {
        String portal = host + ":" + port;
        LoginConfig login = new LoginConfig(settings.name(), settings.alias(), target, SessionType.NORMAL,
                Isid.of(settings.name(), target, Isid.pathKey(netdev, settings.connect().localAddress(), portal)), 0, 0,
                settings.proposal(), chap, portal);
        return connector.open(host, port, netdev, loop, login, settings.session(), counters);
    }

    /** The ISID {@link #login} uses for {@code target} over the path (netdev or null, "host:port"). */
    public long isid(String target, String netdev, String hostPort) {
        return Isid.of(settings.name(), target, Isid.pathKey(netdev, settings.connect().localAddress(), hostPort));
    }

    /** The transport (event loops) sessions run on. */
    public Transport transport() {
        return transport;
    }

    @Override
    public void close() {
        transport.close();
    }
}
