package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.mpio.Failback;
import io.lunbridge.mpio.MpioSettings;
import io.lunbridge.mpio.ReplacementTimeout;
import io.lunbridge.mpio.SelectorPolicy;
import io.lunbridge.protocol.session.InterfaceBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Multipath options of the verbs that attach or serve a target: the local interfaces the paths
 * leave from and the {@code mpio.*} behaviour; each overrides its key in lunbridge.conf.
 */
final class PathOptions {
    @Option(names = "--iface", paramLabel = "NAME",
            description = "Local network interface to log in through: a name from `lunbridge iface add` or a "
                    + "Linux interface (repeatable; every portal through each interface with a route to it; default: "
                    + "mpio.interfaces, the stored target's interfaces, or routed freely). Loopback interfaces are refused.")
    List<String> ifaces = new ArrayList<>();

    @Option(names = "--mpio-policy", paramLabel = "POLICY",
            description = "Path selection: failover, round-robin, queue-length, service-time (default: mpio.policy)")
    String policy;

    @Option(names = "--failback", paramLabel = "immediate|manual|SECONDS", description = "default: mpio.failback")
    String failback;

    @Option(names = "--replacement-timeout", paramLabel = "SECONDS|queue",
            description = "How long I/O queues with no usable path before it fails with EIO (default: "
                    + "mpio.replacement-timeout, 120)")
    String replacementTimeout;

    @Option(names = "--polling-interval", paramLabel = "SECONDS", description = "Path check interval (default: mpio.polling-interval)")
    Integer pollingInterval;

    @Option(names = "--control", paramLabel = "PATH",
            description = "Control socket answering `lunbridge status` and `detach` (default: "
                    + "/run/lunbridge/control/VERB-PID.sock; the daemon's: /run/lunbridge/control/daemon.sock)")
    Path control;

    /**
     * Starts the control socket of {@code serve} ({@code --control}, or
     * /run/lunbridge/control/serve-PID.sock) answering the multipath verbs for {@code luns} and
     * {@code metrics} with {@code metrics}.
     */
    io.lunbridge.app.control.ControlServer serveControl(io.lunbridge.app.TargetLuns luns,
            io.lunbridge.app.metrics.MetricsRegistry metrics) throws java.io.IOException {
        Path where = control != null ? control.toAbsolutePath() : io.lunbridge.app.lifecycle.RunDirectory.system().control()
                .resolve("serve-" + ProcessHandle.current().pid() + ".sock");
        io.lunbridge.app.lifecycle.RunDirectory.privateDirectory(where.getParent());
        java.util.Map<String, java.util.function.Function<io.lunbridge.app.control.ControlRequest,
                io.lunbridge.app.control.ControlReply>> verbs = new java.util.HashMap<>(
                io.lunbridge.app.status.MultipathVerbs.of("serve", luns.target(), luns.units()));
        verbs.put(io.lunbridge.app.metrics.MetricsControl.VERB, io.lunbridge.app.metrics.MetricsControl.verb(metrics));
        return io.lunbridge.app.control.ControlServer.start(where, verbs);
    }

    /**
     * The interfaces, each checked (exists, not loopback): --iface, else mpio.interfaces, else
     * {@code stored} (the interfaces the store keeps for the target's portals).
     */
    List<String> netdevs(Configuration config, List<String> stored) {
        List<String> names = new ArrayList<>();
        if (!ifaces.isEmpty()) {
            ifaces.forEach(i -> addNames(i, names));
        } else if (!config.get(ConfigKey.MPIO_INTERFACES).isBlank()) {
            addNames(config.get(ConfigKey.MPIO_INTERFACES), names);
        } else {
            names.addAll(stored);
        }
        java.util.Map<String, String> named = namedIfaces(config);
        List<String> netdevs = new ArrayList<>();
        for (String n : names) {
            String netdev = named.getOrDefault(n, n);
            InterfaceBinding.checkUsable(netdev);
            if (!netdevs.contains(netdev)) {
                netdevs.add(netdev);
            }
        }
        return netdevs;
    }

    /** Adds the names of a comma-separated list. */
    private static void addNames(String list, List<String> names) {
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
    }

    /** The store's named interfaces, when the store exists (it is never created here). */
    private static java.util.Map<String, String> namedIfaces(Configuration config) {
        Path store = io.lunbridge.app.store.StoreFile.resolve(null, System.getenv(io.lunbridge.app.store.StoreFile.ENV));
        Path configured = Path.of(config.get(ConfigKey.DISCOVERY_STORE));
        Path file = java.nio.file.Files.exists(configured) ? configured : store;
        if (!java.nio.file.Files.exists(file)) {
            return java.util.Map.of();
        }
        try (io.lunbridge.app.store.ConfigStore s = io.lunbridge.app.store.ConfigStore.open(file)) {
            return s.ifaces();
        }
    }

    /** The mpio settings: options over lunbridge.conf; a bad value is an error naming the option. */
    MpioSettings settings(Configuration config) {
        MpioSettings defaults = MpioSettings.defaults();
        return defaults
                    .withPolicy(SelectorPolicy.parse(policy != null ? policy : config.get(ConfigKey.MPIO_POLICY)))
                    .withFailback(Failback.parse(failback != null ? failback : config.get(ConfigKey.MPIO_FAILBACK)))
                    .withReplacementTimeout(ReplacementTimeout.parse(replacementTimeout != null ? replacementTimeout
                            : config.get(ConfigKey.MPIO_REPLACEMENT_TIMEOUT)))
                    .withPollingInterval(Duration.ofSeconds(pollingInterval != null ? pollingInterval
                            : config.integer(ConfigKey.MPIO_POLLING_INTERVAL)))
                    .withRelogin(defaults.reloginMin(), Duration.ofSeconds(config.integer(ConfigKey.MPIO_RELOGIN_MAX)));
    }
}
