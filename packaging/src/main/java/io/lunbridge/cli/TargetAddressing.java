package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.TargetLuns;
import io.lunbridge.app.discovery.DiscoveryMethods;
import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.app.discovery.TargetLookup;
import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.mpio.PathEndpoint;
import io.lunbridge.mpio.PathPlan;
import io.lunbridge.mpio.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where and how to log in to a target: the given --portal options (every one a path endpoint) and
 * CHAP options, or, without --portal, the portals and the credentials of the record the discovery
 * policy finds for it (CHAP options on the command line still take precedence).
 */
record TargetAddressing(List<PortalAddress> portals, Optional<ChapCredentials> chap, List<String> interfaces) {
    private static final Logger LOG = LogManager.getLogger(TargetAddressing.class);

    /**
     * Resolves where {@code target} is, plans its paths (every portal through every interface with
     * a route to it) and logs in over all of them, opening its disk LUNs as multipath devices.
     */
    static TargetLuns openLuns(InitiatorOptions options, PathOptions paths, Initiator initiator, List<String> portals,
                               String target, Optional<Integer> lun) throws Exception {
        return openLuns(options, options.configuration(), paths, initiator, portals, target, lun);
    }

    /** As above, with {@code base} instead of lunbridge.conf (the daemon adds its store to the policy). */
    static TargetLuns openLuns(InitiatorOptions options, Configuration base, PathOptions paths, Initiator initiator,
                               List<String> portals, String target, Optional<Integer> lun) throws Exception {
        return openLuns(options, base, paths, initiator, resolve(options, base, initiator, portals, target), target, lun);
    }

    /** As above, with {@code where} already known (the daemon's {@code login IQN --portal}). */
    static TargetLuns openLuns(InitiatorOptions options, Configuration base, PathOptions paths, Initiator initiator,
                               TargetAddressing where, String target, Optional<Integer> lun) throws Exception {
        List<PathPlan.Portal> planned = new ArrayList<>();
        for (PortalAddress p : where.portals()) {
            planned.add(new PathPlan.Portal(p.host(), p.port()));
        }
        Configuration config = withStoredSettings(base, target);
        List<PathEndpoint> endpoints = PathPlan.plan(planned, paths.netdevs(config, where.interfaces()),
                RouteTable.read(),
                LOG::info);
        return TargetLuns.open(initiator, target, endpoints, where.chap(), lun, paths.settings(config));
    }

    /**
     * {@code config} with the stored target's own settings ({@code lunbridge target set}) over it,
     * when the store (discovery.store) exists and holds the target; command-line options still win.
     */
    static Configuration withStoredSettings(Configuration config, String target) {
        java.nio.file.Path file = java.nio.file.Path.of(config.get(io.lunbridge.app.config.ConfigKey.DISCOVERY_STORE));
        if (!java.nio.file.Files.exists(file)) {
            return config;
        }
        IscsiName name = IscsiName.parse(target);
        try (io.lunbridge.app.store.ConfigStore store = io.lunbridge.app.store.ConfigStore.open(file)) {
            if (store.find(name).isEmpty()) {
                return config;
            }
            java.util.Map<String, String> own = store.settings(name);
            return own.isEmpty() ? config : config.overriddenBy(own, "store " + file + " target " + target);
        }
    }

    /** The first path planned through {@code ifaces} (or unbound) for a verb that uses one session. */
    static PathEndpoint firstPath(InitiatorOptions options, List<String> ifaces, TargetAddressing where) {
        PathOptions p = new PathOptions();
        p.ifaces = ifaces;
        List<PathPlan.Portal> planned = new ArrayList<>();
        for (PortalAddress a : where.portals()) {
            planned.add(new PathPlan.Portal(a.host(), a.port()));
        }
        return PathPlan.plan(planned, p.netdevs(options.configuration(), where.interfaces()), RouteTable.read(), LOG::info)
                .get(0);
    }

    /** As {@link #resolve(InitiatorOptions, Initiator, List, String)} with at most one portal. */
    static TargetAddressing resolve(InitiatorOptions options, Initiator initiator, String portal, String target) {
        return resolve(options, initiator, portal == null ? List.of() : List.of(portal), target);
    }

    static TargetAddressing resolve(InitiatorOptions options, Initiator initiator, List<String> portals, String target) {
        return resolve(options, options.configuration(), initiator, portals, target);
    }

    private static TargetAddressing resolve(InitiatorOptions options, Configuration config, Initiator initiator,
                                            List<String> portals, String target) {
        Optional<ChapCredentials> given = options.chap();
        if (!portals.isEmpty()) {
            List<PortalAddress> parsed = new ArrayList<>();
            for (String p : portals) {
                parsed.add(PortalAddress.parse(p));
            }
            return new TargetAddressing(parsed, given, List.of());
        }
        DiscoveryPolicy.Result result = new DiscoveryPolicy(
                DiscoveryMethods.fromConfiguration(config, IscsiName.parse(initiator.settings().name()),
                        Optional.of(target)),
                (p, chap) -> initiator.sendTargets(p.host(), p.port(), chap)).run();
        TargetRecord record = TargetLookup.find(result, target);
        List<PortalAddress> found = new ArrayList<>();
        for (Portal p : record.portals()) {
            found.add(new PortalAddress(p.host(), p.port()));
        }
        return new TargetAddressing(found, given.isPresent() ? given : record.chap(), record.interfaces());
    }

    /** The first portal (for verbs that use one session). */
    PortalAddress portal() {
        return portals.get(0);
    }
}
