package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.metrics.MetricsEndpoint;
import io.lunbridge.app.metrics.MetricsRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a long-running verb serves its metrics: {@code --metrics-socket}, {@code --metrics-listen}. */
public final class MetricsOptions {
    @Option(names = "--metrics-socket", paramLabel = "PATH",
            description = "Unix socket for GET /metrics in the Prometheus text format; '' turns it off"
                    + " (default: metrics.socket)")
    String socket;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
            description = "Also serve /metrics on this TCP address (default: metrics.listen, empty: not at all)")
    String listen;

    private static final org.apache.logging.log4j.Logger LOG =
            org.apache.logging.log4j.LogManager.getLogger(MetricsOptions.class);
    private boolean unavailable;

    /** Starts the endpoint; the caller closes it. */
    MetricsEndpoint start(MetricsRegistry registry, Configuration config) {
        String path = socket != null ? socket : config.get(ConfigKey.METRICS_SOCKET);
        String tcp = listen != null ? listen : config.get(ConfigKey.METRICS_LISTEN);
        Optional<InetSocketAddress> address = Optional.empty();
        if (!tcp.isBlank()) {
            PortalAddress a;
            try {
                a = PortalAddress.parse(tcp, -1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--metrics-listen " + tcp + ": " + e.getMessage(), e);
            }
            if (a.port() < 0) {
                throw new IllegalArgumentException("--metrics-listen " + tcp + ": expected HOST:PORT, the port is missing");
            }
            address = Optional.of(new InetSocketAddress(a.host(), a.port()));
        }
        Optional<Path> unix = path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
        if (socket == null && unix.isPresent()) {
            // the configured default: a second 'serve' on the host must not fail for want of it
            try {
                return MetricsEndpoint.start(registry, unix, address);
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("{}; serving without it (give --metrics-socket PATH)", e.getMessage());
                unavailable = true;
                return MetricsEndpoint.start(registry, Optional.empty(), address);
            }
        }
        return MetricsEndpoint.start(registry, unix, address);
    }

    /** "metrics on unix:PATH[, tcp:HOST:PORT]" for the verb's start-up lines, or empty when off. */
    Optional<String> describe(MetricsEndpoint e, Configuration config) {
        String path = unavailable ? "" : socket != null ? socket : config.get(ConfigKey.METRICS_SOCKET);
        StringBuilder b = new StringBuilder();
        if (!path.isBlank()) {
            b.append("unix:").append(path);
        }
        e.tcpAddress().ifPresent(a -> b.append(b.length() > 0 ? ", " : "").append("tcp:")
                .append(a.getHostString()).append(':').append(a.getPort()));
        return b.length() == 0 ? Optional.empty() : Optional.of("metrics on " + b);
    }
}
