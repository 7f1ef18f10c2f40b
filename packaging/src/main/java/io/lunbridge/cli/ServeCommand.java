package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.bridge.nbd.ExportRegistry;
import io.lunbridge.bridge.nbd.NbdExport;
import io.lunbridge.app.metrics.BlockMetrics;
import io.lunbridge.app.metrics.MetricsEndpoint;
import io.lunbridge.app.metrics.MetricsRegistry;
import io.lunbridge.bridge.nbd.NbdServer;
import io.lunbridge.bridge.nbd.NbdServerConfig;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.protocol.lu.LunInfo;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge serve}: logs in to a target and exports every disk LUN over NBD (Unix socket
 * and/or TCP) in the foreground, until SIGTERM or SIGINT; then it stops accepting, lets in-flight
 * requests finish (no acknowledged write is lost) and logs out.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Export every LUN of a target over NBD (for qemu, nbdcopy, fio, nbd-client) until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--portal", paramLabel = "HOST[:PORT]",
            description = "Portal of the target, repeatable: each is a path (default: the portals found with "
                    + "discovery.policy, with their stored credentials)")
    List<String> portals = new ArrayList<>();

    @Mixin
    PathOptions paths;

    @Option(names = "--target", required = true, paramLabel = "IQN", description = "Target name")
    String target;

    @Option(names = "--lun", paramLabel = "N", converter = LunOption.class, description = "Export only this LUN")
    Integer lun;

    @Option(names = "--nbd", paramLabel = "unix:PATH|tcp:HOST:PORT",
            description = "Where to serve NBD (at most one of each kind; default unix:NBD_SOCKET_DIR/TARGET.sock, "
                    + "NBD_SOCKET_DIR being nbd.socket-dir, /run/lunbridge)")
    List<String> listeners = new ArrayList<>();

    @Mixin
    InitiatorOptions options;

    @Mixin
    MetricsOptions metricsOptions;

    @Spec
    CommandSpec spec;

    /** Parsed --nbd values. */
    record Listeners(Optional<Path> unix, Optional<InetSocketAddress> tcp) {
        static Listeners parse(List<String> values) {
            Path unix = null;
            InetSocketAddress tcp = null;
            for (String v : values) {
                if (v.startsWith("unix:") && v.length() > 5) {
                    if (unix != null) {
                        throw new IllegalArgumentException("--nbd " + v + ": only one unix: listener is supported");
                    }
                    unix = Path.of(v.substring(5));
                } else if (v.startsWith("tcp:")) {
                    if (tcp != null) {
                        throw new IllegalArgumentException("--nbd " + v + ": only one tcp: listener is supported");
                    }
                    PortalAddress a;
                    try {
                        a = PortalAddress.parse(v.substring(4));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--nbd " + v + ": expected tcp:HOST:PORT ("
                                + e.getMessage().replace("--portal ", "") + ")");
                    }
                    if (!v.substring(4).contains(":")) {
                        throw new IllegalArgumentException("--nbd " + v + ": expected tcp:HOST:PORT, the port is missing");
                    }
                    tcp = new InetSocketAddress(a.host(), a.port());
                } else {
                    throw new IllegalArgumentException("--nbd '" + v + "': expected unix:PATH or tcp:HOST:PORT");
                }
            }
            return new Listeners(Optional.ofNullable(unix), Optional.ofNullable(tcp));
        }
    }

    @Override
    public Integer call() throws Exception {
        String targetName = io.lunbridge.protocol.naming.IscsiName.parse(target).value();
        Listeners where = Listeners.parse(listeners.isEmpty()
                ? List.of("unix:" + Path.of(options.configuration().get(ConfigKey.NBD_SOCKET_DIR)).resolve(targetName + ".sock"))
                : listeners);
        MetricsRegistry registry = new MetricsRegistry();
        BlockMetrics blockMetrics = new BlockMetrics(registry);
        // The gate is closed last: the JVM exits only after the drain and the logout.
        try (ShutdownGate gate = new ShutdownGate("lunbridge-serve");
             Initiator initiator = new Initiator(options.settings());
             TargetLuns luns = TargetAddressing.openLuns(options, paths, initiator, portals, targetName, Optional.ofNullable(lun));
             io.lunbridge.app.control.ControlServer control = paths.serveControl(luns, registry);
             MetricsEndpoint metrics = metricsOptions.start(registry, options.configuration())) {
            io.lunbridge.app.metrics.MultipathMetrics.register(registry, luns.units());
            io.lunbridge.app.metrics.SessionMetrics.register(registry, luns::sessionStats);
            List<NbdExport> exports = new ArrayList<>();
            for (MultipathDevice u : luns.units()) {
                LunInfo info = u.info();
                List<String> aliases = new ArrayList<>();
                info.identity().ifPresent(aliases::add);
                if (exports.isEmpty()) {
                    aliases.add("");
                }
                String name = TargetLuns.exportName(targetName, info.lun());
                exports.add(new NbdExport(name, info.vendor() + " " + info.product() + " " + info.lun() + " of "
                        + targetName, blockMetrics.meter(name, u), aliases));
            }
            // NBD connections share the loop of the target's sessions and devices (epoll): no thread hand-over per request.
            io.netty.channel.EventLoop sessionLoop = luns.eventLoop();
            NbdServer server = new NbdServer(new NbdServerConfig(new ExportRegistry(exports), where.unix(), where.tcp(),
                    NbdServerConfig.DEFAULT_MAX_IN_FLIGHT, 1).withHandshakeTimeout(
                    Duration.ofSeconds(options.configuration().integer(ConfigKey.NBD_HANDSHAKE_TIMEOUT)))
                    .withMaxBytesInFlight(options.configuration().maxBytesInFlight()),
                    sessionLoop instanceof io.netty.channel.epoll.EpollEventLoop ? sessionLoop : null);
            server.start();
            PrintWriter out = spec.commandLine().getOut();
            for (NbdExport e : exports) {
                out.println("exporting " + e.name() + " (" + e.device().geometry().sizeBytes() + " bytes"
                        + (e.aliases().isEmpty() ? "" : ", also as " + String.join(", ", e.aliases().stream()
                        .map(a -> a.isEmpty() ? "the default export" : a).toList())) + ")");
            }
            where.unix().ifPresent(u -> out.println("listening on unix:" + u));
            server.tcpAddress().ifPresent(a -> out.println("listening on tcp:" + a.getHostString() + ":" + a.getPort()));
            metricsOptions.describe(metrics, options.configuration()).ifPresent(out::println);
            out.flush();
            gate.stopRequested().join();
            server.stop(Duration.ofSeconds(30));
        }
        return 0;
    }
}
