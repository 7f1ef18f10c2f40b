package io.lunbridge.cli;

import io.lunbridge.app.config.ConfigKey;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.control.ControlServer;
import io.lunbridge.app.daemon.AttachedTarget;
import io.lunbridge.app.daemon.Daemon;
import io.lunbridge.app.daemon.PortalLogin;
import io.lunbridge.app.daemon.TargetAttacher;
import io.lunbridge.app.daemon.DaemonSocket;
import io.lunbridge.app.daemon.DaemonVerbs;
import io.lunbridge.app.daemon.IsnsWatch;
import io.lunbridge.app.discovery.DiscoveryMethods;
import io.lunbridge.app.discovery.IsnsDiscovery;
import io.lunbridge.protocol.discovery.isns.IsnsClientConfig;
import io.lunbridge.app.daemon.SdNotify;
import io.lunbridge.app.lifecycle.RunDirectory;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.bridge.kernel.KernelAttacher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge daemon}: the long-running service (systemd {@code Type=notify}). Logs in to
 * every target the store marks {@code startup=automatic}, attaches the LUNs each allows, sends
 * READY=1 and keeps STATUS= current; SIGHUP reloads the store; SIGTERM/SIGINT detaches in reverse
 * order, logs out and exits 0. See {@link Daemon}. Discovery runs {@code discovery.policy} with
 * the store added when the policy lacks it, so the store's portals and CHAP are found.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run as the boot-time service: log in to the stored targets marked startup=automatic and attach "
                + "their allowed LUNs; SIGHUP reloads the store, SIGTERM detaches and logs out.")
final class DaemonCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(DaemonCommand.class);

    @Mixin
    StoreOption store;

    @Mixin
    PathOptions paths;

    @Option(names = "--mode", paramLabel = "auto|netlink|fuse-loop", defaultValue = "auto",
            description = "netlink (kernel nbd devices /dev/nbdN, NBD_CMD_CONNECT; a device in use at stop is handed "
                    + "over to the next daemon, which takes it over with NBD_CMD_RECONFIGURE), fuse-loop (a file per LUN "
                    + "in a FUSE mount on a direct-I/O loop device), auto (default: netlink where the kernel has the nbd "
                    + "driver, else fuse-loop)")
    String mode;

    @Option(names = "--mount-dir", paramLabel = "DIR", defaultValue = "/run/lunbridge/fuse",
            description = "Where each target's FUSE filesystem is mounted, as DIR/IQN (default ${DEFAULT-VALUE})")
    Path mountDir;

    @Option(names = "--stop-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "fuse-loop mode: at stop, how long a disk still mounted or open is waited for before its I/O is "
                    + "failed (EIO) and it is detached; 0 waits until a second SIGTERM (default ${DEFAULT-VALUE}, below "
                    + "the unit's TimeoutStopSec). In netlink mode a disk in use is handed over at once instead: it stays "
                    + "configured for the next daemon")
    long stopWaitSeconds;

    @Mixin
    InitiatorOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StopSignals signals = new StopSignals(List.of("TERM", "INT", "HUP"));
        boolean nbd = nbdMode(mode);
        LOG.info("attach mode {}{}", nbd ? "netlink" : "fuse-loop", mode.equalsIgnoreCase("auto")
                ? (nbd ? " (--mode auto: the kernel has the nbd driver)" : " (--mode auto: no nbd driver in this kernel)")
                : "");
        if (stopWaitSeconds < 0) {
            throw new IllegalArgumentException("--stop-wait " + stopWaitSeconds + ": must not be negative");
        }
        Path storeFile = store.path().toAbsolutePath();
        Configuration conf = options.configuration();
        boolean watchIsns = conf.list(ConfigKey.DISCOVERY_POLICY).stream().anyMatch(p -> p.equalsIgnoreCase("isns"));
        // with the watch registered, the attach-time discovery must not register the same entity again: its
        // DevDereg would remove the watch's registration; the store (always in the policy) has the portals
        Configuration config = withStore(watchIsns ? withoutIsns(conf) : conf, storeFile);
        SdNotify notify = SdNotify.fromEnvironment();
        Path control = paths.control != null ? paths.control.toAbsolutePath() : RunDirectory.system().daemonSocket();
        PrintWriter out = spec.commandLine().getOut();
        Path base = mountDir.toAbsolutePath().normalize();
        TargetAttacher attacher = new TargetAttacher() {
            @Override
            public AttachedTarget attach(StoredTarget t) throws Exception {
                return DaemonTarget.attach(t, options, config, paths, base, control, out, storeFile, nbd);
            }

            @Override
            public AttachedTarget attach(StoredTarget t, PortalLogin through) throws Exception {
                return DaemonTarget.attach(t, java.util.Optional.of(through), options, config, paths, base, control, out,
                        storeFile, nbd);
            }
        };
        Daemon daemon = new Daemon(() -> automaticTargets(storeFile), name -> storedTarget(storeFile, name), attacher,
                notify, java.time.Duration.ofSeconds(stopWaitSeconds));
        RunDirectory.privateDirectory(control.getParent());
        try (DaemonSocket claim = DaemonSocket.claim(control);
             ControlServer server = ControlServer.start(control, DaemonVerbs.of(daemon, storeFile));
             IsnsWatch isns = watchIsns ? isnsWatch(conf, options.resolveInitiatorName(), daemon) : null) {
            signals.listen(daemon::signal);
            if (isns != null) {
                isns.start();
            }
            return daemon.run();
        }
    }

    /** The daemon's lifelong iSNS registration (discovery.policy names isns): SCNs attach stored automatic targets. */
    private static IsnsWatch isnsWatch(Configuration config, String initiator, Daemon daemon) {
        List<java.net.InetSocketAddress> servers = DiscoveryMethods.addresses(config.list(ConfigKey.ISNS_SERVERS),
                IsnsDiscovery.DEFAULT_PORT);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("discovery.policy (" + config.origin(ConfigKey.DISCOVERY_POLICY)
                    + ") names isns but isns.servers is empty");
        }
        return new IsnsWatch(IsnsClientConfig.of(servers, IsnsDiscovery.node(initiator)), daemon::isnsVisible);
    }

    /** {@code config} with isns taken out of discovery.policy. */
    static Configuration withoutIsns(Configuration config) {
        List<String> policy = config.list(ConfigKey.DISCOVERY_POLICY).stream().filter(p -> !p.equalsIgnoreCase("isns"))
                .toList();
        return config.overriddenBy(Map.of(ConfigKey.DISCOVERY_POLICY.key(), policy.isEmpty() ? "store"
                        : String.join(",", policy)),
                "lunbridge daemon (isns is watched for the daemon's lifetime)");
    }

    private static java.util.Optional<StoredTarget> storedTarget(Path file, io.lunbridge.protocol.naming.IscsiName name) {
        try (ConfigStore s = ConfigStore.open(file)) {
            return s.find(name);
        }
    }

    /** Whether {@code --mode} means kernel nbd over netlink; refuses what the daemon cannot do, naming why. */
    static boolean nbdMode(String mode) {
        String m = mode.toLowerCase(Locale.ROOT);
        switch (m) {
            case "fuse-loop":
                return false;
            case "netlink":
                if (!KernelAttacher.netlinkPresent()) {
                    throw new IllegalArgumentException("--mode netlink: the kernel has no generic netlink family 'nbd' "
                            + "(nbd driver not loaded: modprobe nbd), or use --mode fuse-loop");
                }
                return true;
            case "auto":
                return KernelAttacher.netlinkPresent();
            case "ioctl":
                throw new IllegalArgumentException("--mode ioctl: the daemon attaches over netlink or fuse-loop only "
                        + "(the ioctl interface cannot hand a device over to the next daemon)");
            default:
                throw new IllegalArgumentException("--mode " + mode + ": expected auto, netlink or fuse-loop");
        }
    }

    private static List<StoredTarget> automaticTargets(Path file) {
        try (ConfigStore s = ConfigStore.open(file)) {
            return s.automaticTargets();
        }
    }

    /** lunbridge.conf with discovery.store set to the daemon's store, and the store in discovery.policy. */
    static Configuration withStore(Configuration config, Path storeFile) {
        List<String> policy = new ArrayList<>(config.list(ConfigKey.DISCOVERY_POLICY));
        if (policy.stream().noneMatch(p -> p.equalsIgnoreCase("store") || p.equalsIgnoreCase("odm"))) {
            policy.add("store");
        }
        return config.overriddenBy(Map.of(ConfigKey.DISCOVERY_STORE.key(), storeFile.toString(),
                ConfigKey.DISCOVERY_POLICY.key(), String.join(",", policy)), "lunbridge daemon --store " + storeFile);
    }
}
