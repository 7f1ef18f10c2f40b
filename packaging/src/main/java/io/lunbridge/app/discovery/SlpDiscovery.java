package io.lunbridge.app.discovery;

import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.discovery.slp.IscsiTargetAttributes;
import io.lunbridge.protocol.discovery.slp.SlpFormatException;
import io.lunbridge.protocol.discovery.slp.SlpLookup;
import io.lunbridge.protocol.discovery.slp.SlpTarget;
import io.lunbridge.protocol.discovery.slp.SlpUserAgent;
import io.lunbridge.protocol.discovery.slp.SlpUserAgentConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@code slp} method: service:iscsi:target through the configured directory agents, DAs found
 * by multicast, or multicast convergence; RFC 4018 attributes give the portal group, alias and
 * transports. When one target is wanted, the SrvRqst asks for that target alone. After a lookup,
 * {@link #where()} names where the records really came from (the DA that answered, or the SAs
 * after a fallback from dead DAs), not only what was configured.
 */
public final class SlpDiscovery implements DiscoveryMethod {
    private static final Logger LOG = LogManager.getLogger(SlpDiscovery.class);
    private final SlpUserAgentConfig config;
    private final List<String> scopes;
    private final Optional<String> wanted;
    private volatile Optional<SlpLookup> last = Optional.empty();

    public SlpDiscovery(List<InetSocketAddress> directoryAgents, List<String> scopes) {
        this(SlpUserAgentConfig.defaults().withDirectoryAgents(directoryAgents), scopes, Optional.empty());
    }

    /**
     * @param config the user agent's settings
     * @param wanted the one target the caller needs (e.g. {@code luns --target X}), to narrow the
     *     request to it; empty for all targets
     */
    public SlpDiscovery(SlpUserAgentConfig config, List<String> scopes, Optional<String> wanted) {
        this.config = config;
        this.scopes = List.copyOf(scopes);
        this.wanted = wanted;
    }

    @Override
    public String name() {
        return "slp";
    }

    /** Before a lookup what is configured; after it, where the records came from; then the scopes. */
    @Override
    public String where() {
        String from = last.map(SlpLookup::describe).orElseGet(() -> config.directoryAgents().isEmpty() ? "multicast"
                : config.directoryAgents().stream().map(a -> a.getHostString() + ":" + a.getPort())
                        .collect(Collectors.joining(", ")));
        return from + ", scopes " + String.join(",", scopes) + wanted.map(w -> ", only " + w).orElse("");
    }

    @Override
    public CompletableFuture<List<TargetRecord>> discover() {
        SlpUserAgent ua;
        try {
            ua = SlpUserAgent.start(config);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<SlpLookup> lookup = wanted.isPresent() ? ua.lookupTarget(scopes, wanted.get())
                : ua.lookup(scopes, "");
        return lookup.thenApply(found -> {
            last = Optional.of(found);
            List<TargetRecord> records = new ArrayList<>();
            for (SlpTarget t : found.targets()) {
                records.add(record(t));
            }
            return records;
        }).whenCompleteAsync((r, e) -> ua.close());
    }

    static TargetRecord record(SlpTarget t) {
        String from = "slp " + t.answeredBy().getAddress().getHostAddress() + ":" + t.answeredBy().getPort();
        int tag = -1;
        String alias = "";
        List<String> transports = List.of();
        if (t.attributes().isPresent()) {
            IscsiTargetAttributes a = t.attributes().get();
            try {
                tag = a.portalGroup().orElse(-1);
                alias = a.alias().orElse("");
                transports = a.transports();
            } catch (SlpFormatException e) {
                LOG.warn("{}: attributes of {} unusable ({}); listed without them", from, t.serviceUrl(), e.getMessage());
                tag = -1;
                alias = "";
                transports = List.of();
            }
        }
        return new TargetRecord(Optional.of(t.url().name().value()), List.of(new Portal(t.url().host(), t.url().port(), tag)),
                Optional.empty(), alias, List.of(), false, from, transports);
    }
}
