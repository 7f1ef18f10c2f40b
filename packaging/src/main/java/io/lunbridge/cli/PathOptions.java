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
    @Option(names = "--iface", paramLabel = "NETDEV",
            description = "Local network interface to log in through (repeatable; every portal through each "
                    + "interface with a route to it; default: mpio.interfaces, or routed freely). Loopback "
                    + "interfaces are refused.")
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
            description = "Control socket answering `lunbridge status` (default: /run/lunbridge/ctl/PID.sock)")
    Path control;

    /** Starts the control socket of a verb that keeps {@code luns} attached or served. */
    io.lunbridge.app.status.ControlServer control(String verb, io.lunbridge.app.TargetLuns luns) throws java.io.IOException {
        Path where = control != null ? control
                : io.lunbridge.app.status.ControlServer.DEFAULT_DIR.resolve(ProcessHandle.current().pid() + ".sock");
        return io.lunbridge.app.status.ControlServer.start(where, luns.eventLoop(), verb, luns.target(), luns.units());
    }

    /** The interfaces, each checked (exists, not loopback). */
    List<String> netdevs(Configuration config) {
        List<String> names = new ArrayList<>();
        if (!ifaces.isEmpty()) {
            for (String i : ifaces) {
                for (String n : i.split(",")) {
                    if (!n.isBlank()) {
                        names.add(n.strip());
                    }
                }
            }
        } else {
            for (String n : config.get(ConfigKey.MPIO_INTERFACES).split(",")) {
                if (!n.isBlank()) {
                    names.add(n.strip());
                }
            }
        }
        for (String n : names) {
            InterfaceBinding.checkUsable(n);
        }
        return names;
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
