package io.lunbridge.app.discovery;

import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.discovery.isns.IsnsClient;
import io.lunbridge.protocol.discovery.isns.IsnsClientConfig;
import io.lunbridge.protocol.discovery.isns.IsnsNode;
import io.lunbridge.protocol.discovery.isns.IsnsPortal;
import io.lunbridge.protocol.discovery.isns.IsnsTarget;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@code isns} method: registers the initiator with the first reachable iSNS server (so that
 * discovery domains apply), queries the targets it may see, and deregisters.
 */
public final class IsnsDiscovery implements DiscoveryMethod {
    private static final Logger LOG = LogManager.getLogger(IsnsDiscovery.class);
    /** The iSNS well-known port. */
    public static final int DEFAULT_PORT = 3205;

    private final List<InetSocketAddress> servers;
    private final String initiator;

    public IsnsDiscovery(List<InetSocketAddress> servers, String initiator) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("the isns discovery method needs isns.servers");
        }
        this.servers = List.copyOf(servers);
        this.initiator = initiator;
    }

    /** The initiator's iSNS node: entity {@code lunbridge:IQN} (the daemon's watch registers the same one). */
    public static IsnsNode node(String initiator) {
        return new IsnsNode(initiator, "lunbridge:" + initiator, "", 0);
    }

    @Override
    public String name() {
        return "isns";
    }

    @Override
    public String where() {
        return servers.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(", "));
    }

    @Override
    public CompletableFuture<List<TargetRecord>> discover() {
        IsnsClient client = new IsnsClient(IsnsClientConfig.of(servers, node(initiator)));
        return client.start().thenApply(targets -> {
            InetSocketAddress current = client.currentServer();
            String server = current == null ? where() : current.getHostString() + ":" + current.getPort();
            List<TargetRecord> records = new ArrayList<>();
            for (IsnsTarget t : targets) {
                List<Portal> portals = new ArrayList<>();
                for (IsnsPortal p : t.portals()) {
                    portals.add(new Portal(p.host(), p.port(), p.groupTag().orElse(-1)));
                }
                if (portals.isEmpty()) {
                    LOG.warn("iSNS server {} lists target {} without any portal: skipped", server, t.name());
                } else {
                    records.add(new TargetRecord(Optional.of(t.name()), portals, Optional.empty(), t.alias(), List.of(),
                            false, "isns " + server));
                }
            }
            return records;
        }).whenCompleteAsync((r, e) -> client.close());
    }
}
