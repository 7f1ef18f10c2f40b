package io.lunbridge.protocol.discovery.isns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Settings of an {@link IsnsClient}: the servers in failover order, the initiator's identity,
 * the connect and per-request timeouts, where to listen for server-initiated SCN/ESI connections
 * (null = all addresses, ephemeral port; the registered portal address is always the local
 * address of the connection to the server) and the ESI interval to ask for (0 = no ESI; the
 * registration is then kept alive by refreshes).
 */
public record IsnsClientConfig(List<InetSocketAddress> servers, IsnsNode node, Duration connectTimeout,
                               Duration requestTimeout, InetAddress listenAddress, long esiIntervalSeconds,
                               Duration reconnectDelay) {
    public IsnsClientConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no iSNS server configured");
        }
        requirePositive("connect timeout", connectTimeout);
        requirePositive("request timeout", requestTimeout);
        requirePositive("reconnect delay", reconnectDelay);
        if (esiIntervalSeconds < 0) {
            throw new IllegalArgumentException("ESI interval " + esiIntervalSeconds + " s is negative");
        }
    }

    /** Defaults: 5 s connect, 10 s per request, listen on all addresses, no ESI, 2 s reconnect delay. */
    public static IsnsClientConfig of(List<InetSocketAddress> servers, IsnsNode node) {
        return new IsnsClientConfig(servers, node, Duration.ofSeconds(5), Duration.ofSeconds(10), null, 0,
                Duration.ofSeconds(2));
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " " + d + " must be positive");
        }
    }
}
