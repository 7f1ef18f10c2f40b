package io.lunbridge.app.discovery;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.protocol.discovery.slp.SlpUserAgentConfig;
import io.lunbridge.protocol.naming.IscsiName;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Builds the methods that {@code discovery.policy} names, in its order. */
public final class DiscoveryMethods {
    /** The SLP port (RFC 2608). */
    public static final int SLP_PORT = 427;

    private DiscoveryMethods() {
    }

    /** HOST[:PORT] values as socket addresses, with {@code defaultPort} where no port is given. */
    public static List<InetSocketAddress> addresses(List<String> values, int defaultPort) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String v : values) {
            PortalAddress a = PortalAddress.parse(v, defaultPort);
            out.add(new InetSocketAddress(a.host(), a.port()));
        }
        return out;
    }

    public static List<DiscoveryMethod> fromConfiguration(Configuration config, IscsiName initiator) {
        return fromConfiguration(config, initiator, Optional.empty());
    }

    /**
     * The methods, told that only {@code wanted} is needed (a verb's --target): those that can ask
     * for one target alone (slp) do.
     */
    public static List<DiscoveryMethod> fromConfiguration(Configuration config, IscsiName initiator,
            Optional<String> wanted) {
        List<DiscoveryMethod> methods = new ArrayList<>();
        for (String name : config.list(ConfigKey.DISCOVERY_POLICY)) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "file":
                    methods.add(new TargetsFileDiscovery(Path.of(config.get(ConfigKey.DISCOVERY_TARGETS_FILE)), initiator));
                    break;
                case "isns": {
                    List<InetSocketAddress> servers = addresses(config.list(ConfigKey.ISNS_SERVERS), IsnsDiscovery.DEFAULT_PORT);
                    if (servers.isEmpty()) {
                        throw new IllegalArgumentException("discovery.policy (" + config.origin(ConfigKey.DISCOVERY_POLICY)
                                + ") names isns but isns.servers is empty");
                    }
                    methods.add(new IsnsDiscovery(servers, initiator.value()));
                    break;
                }
                case "store":
                case "odm":
                    methods.add(new StoreDiscovery(Path.of(config.get(ConfigKey.DISCOVERY_STORE))));
                    break;
                case "slp": {
                    List<InetSocketAddress> das = addresses(config.list(ConfigKey.SLP_DIRECTORY_AGENTS), SLP_PORT);
                    methods.add(new SlpDiscovery(SlpUserAgentConfig.defaults().withDirectoryAgents(das),
                            config.list(ConfigKey.SLP_SCOPES), wanted));
                    break;
                }
                default:
                    throw new IllegalArgumentException("discovery.policy (" + config.origin(ConfigKey.DISCOVERY_POLICY)
                            + "): unknown discovery method '" + name + "' (expected file, store, odm, isns or slp)");
            }
        }
        return methods;
    }
}
