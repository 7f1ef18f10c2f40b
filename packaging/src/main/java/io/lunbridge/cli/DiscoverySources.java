package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.discovery.DiscoveryMethod;
import io.lunbridge.app.discovery.DiscoveryMethods;
import io.lunbridge.app.discovery.IsnsDiscovery;
import io.lunbridge.app.discovery.SlpDiscovery;
import io.lunbridge.app.discovery.StoreDiscovery;
import io.lunbridge.app.discovery.TargetsFileDiscovery;
import io.lunbridge.app.store.StoreFile;
import io.lunbridge.protocol.naming.IscsiName;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The one-shot discovery options of {@code discover} (iscsiadm's {@code -m discovery -t …}): each
 * names one method and where it looks, so no configuration file has to be written first. Without
 * any of them, {@code discover} runs {@code discovery.policy}.
 */
public final class DiscoverySources {
    /** The value picocli gives an optional-path option given without a path. */
    static final String DEFAULT_PATH = "";

    @Option(names = "--targets-file", paramLabel = "FILE", description = "Read this AIX-format targets file")
    Path targetsFile;

    @Option(names = "--isns", paramLabel = "HOST[:PORT]",
            description = "Ask this iSNS server (port 3205 by default); repeat for failover servers")
    List<String> isns = new ArrayList<>();

    @Option(names = "--slp", description = "Ask SLP: directory agents found by multicast, or those of --slp-da")
    boolean slp;

    @Option(names = "--slp-da", paramLabel = "HOST[:PORT]",
            description = "Ask this SLP directory agent (port 427 by default; implies --slp); repeatable")
    List<String> slpDirectoryAgents = new ArrayList<>();

    @Option(names = "--store", paramLabel = "PATH", arity = "0..1", fallbackValue = DEFAULT_PATH,
            description = "List the targets of the config store (default: $LUNBRIDGE_STORE, else discovery.store)")
    String store;

    @Option(names = "--add", paramLabel = "STORE", arity = "0..1", fallbackValue = DEFAULT_PATH,
            description = "Add what was found to the config store (default: $LUNBRIDGE_STORE, else discovery.store),"
                    + " merging with what it has: fields you set are never overwritten")
    String add;

    /** True when any one-shot method was named. */
    boolean any() {
        return targetsFile != null || !isns.isEmpty() || slp || !slpDirectoryAgents.isEmpty() || store != null;
    }

    /** The named methods, in the order file, store, isns, slp; empty when none was named. */
    Optional<List<DiscoveryMethod>> methods(Configuration config, IscsiName initiator) {
        if (!any()) {
            return Optional.empty();
        }
        List<DiscoveryMethod> methods = new ArrayList<>();
        if (targetsFile != null) {
            methods.add(new TargetsFileDiscovery(targetsFile, initiator));
        }
        if (store != null) {
            methods.add(new StoreDiscovery(storePath(store, config)));
        }
        if (!isns.isEmpty()) {
            methods.add(new IsnsDiscovery(addresses("--isns", isns, IsnsDiscovery.DEFAULT_PORT), initiator.value()));
        }
        if (slp || !slpDirectoryAgents.isEmpty()) {
            methods.add(new SlpDiscovery(addresses("--slp-da", slpDirectoryAgents, DiscoveryMethods.SLP_PORT), config.list(ConfigKey.SLP_SCOPES)));
        }
        return Optional.of(methods);
    }

    /** The store {@code --add} writes to, when it was given. */
    Optional<Path> addTo(Configuration config) {
        return add == null ? Optional.empty() : Optional.of(storePath(add, config));
    }

    private static Path storePath(String option, Configuration config) {
        if (!option.equals(DEFAULT_PATH)) {
            return Path.of(option);
        }
        String env = System.getenv(StoreFile.ENV);
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(config.get(ConfigKey.DISCOVERY_STORE));
    }

    private static List<InetSocketAddress> addresses(String option, List<String> values, int defaultPort) {
        try {
            return DiscoveryMethods.addresses(values, defaultPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
