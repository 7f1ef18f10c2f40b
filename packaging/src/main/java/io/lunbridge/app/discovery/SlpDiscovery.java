package io.lunbridge.app.discovery;

import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.discovery.slp.IscsiTargetAttributes;
import io.lunbridge.protocol.discovery.slp.SlpTarget;
import io.lunbridge.protocol.discovery.slp.SlpUserAgent;
import io.lunbridge.protocol.discovery.slp.SlpUserAgentConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The {@code slp} method: service:iscsi:target through the configured directory agents, DAs found
 * by multicast, or multicast convergence; RFC 4018 attributes give the portal group and alias.
 */
public final class SlpDiscovery implements DiscoveryMethod {
    private final SlpUserAgentConfig config;
    private final List<String> scopes;

    public SlpDiscovery(List<InetSocketAddress> directoryAgents, List<String> scopes) {
        this.config = SlpUserAgentConfig.defaults().withDirectoryAgents(directoryAgents);
        this.scopes = List.copyOf(scopes);
    }

    @Override
    public String name() {
        return "slp";
    }

    @Override
    public String where() {
        return (config.directoryAgents().isEmpty() ? "multicast"
                : config.directoryAgents().stream().map(a -> a.getHostString() + ":" + a.getPort())
                        .collect(Collectors.joining(", "))) + " scopes " + String.join(",", scopes);
    }

    @Override
    public CompletableFuture<List<TargetRecord>> discover() {
        SlpUserAgent ua;
        try {
            ua = SlpUserAgent.start(config);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return ua.findTargets(scopes, "").thenApply(found -> {
            List<TargetRecord> records = new ArrayList<>();
            for (SlpTarget t : found) {
                int tag = t.attributes().flatMap(a -> {
                    java.util.OptionalInt g = a.portalGroup();
                    return g.isPresent() ? Optional.of(g.getAsInt()) : Optional.empty();
                }).orElse(-1);
                String alias = t.attributes().flatMap(IscsiTargetAttributes::alias).orElse("");
                records.add(new TargetRecord(Optional.of(t.url().name().value()),
                        List.of(new Portal(t.url().host(), t.url().port(), tag)), Optional.empty(), alias, List.of(),
                        false, "slp " + t.answeredBy().getAddress().getHostAddress() + ":" + t.answeredBy().getPort()));
            }
            return records;
        }).whenCompleteAsync((r, e) -> ua.close());
    }
}
