package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.app.config.Configuration;
import io.lunbridge.app.discovery.DiscoveryMethod;
import io.lunbridge.app.discovery.DiscoveryMethods;
import io.lunbridge.app.discovery.DiscoveryPolicy;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lunbridge discover --portal HOST[:PORT]}: SendTargets discovery, each target with its portals. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"List the targets a portal offers (SendTargets), each with its portals.",
            "Without --portal, run the discovery methods of discovery.policy and print what each found, and from where.",
            "--targets-file, --store, --isns and --slp/--slp-da run just the methods they name, without a"
                    + " configuration file; --add then merges what was found into the config store."})
final class DiscoverCommand implements Callable<Integer> {
    @Option(names = "--portal", paramLabel = "HOST[:PORT]", description = "Portal to ask with SendTargets")
    String portal;

    @Option(names = "--json", description = "One JSON object {\"methods\": [...], \"notes\": [...]} for scripts"
            + " (--add then reports its merge on stderr)")
    boolean json;

    @Mixin
    InitiatorOptions options;

    @Mixin
    DiscoverySources sources;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (portal == null) {
            return runPolicy();
        }
        if (sources.any()) {
            throw new IllegalArgumentException("--portal (SendTargets) cannot be combined with --targets-file,"
                    + " --store, --isns or --slp: run them one after the other");
        }
        PortalAddress p = PortalAddress.parse(portal);
        try (Initiator initiator = new Initiator(options.settings())) {
            List<DiscoveredTarget> targets = initiator.sendTargets(p.host(), p.port(), options.chap()).get();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(RecordJson.sendTargets(p.toString(), targets));
            } else {
                for (DiscoveredTarget t : targets) {
                    out.println(t.name());
                    for (Portal portalOfTarget : t.portals()) {
                        out.println("    " + portalOfTarget);
                    }
                }
            }
            sources.addTo(options.configuration()).ifPresent(store -> DiscoveryAdd.merge(store,
                    targets.stream().map(t -> DiscoveryAdd.fromSendTargets(t, p.toString())).toList(), mergeOut()));
            out.flush();
            return 0;
        }
    }

    private int runPolicy() {
        Configuration config = options.configuration();
        Initiator.Settings settings = options.settings();
        IscsiName initiatorName = IscsiName.parse(settings.name());
        List<DiscoveryMethod> methods = sources.methods(config, initiatorName)
                .orElseGet(() -> DiscoveryMethods.fromConfiguration(config, initiatorName));
        try (Initiator initiator = new Initiator(settings)) {
            DiscoveryPolicy.Result result = new DiscoveryPolicy(methods,
                    (p, chap) -> initiator.sendTargets(p.host(), p.port(), chap)).run();
            PrintWriter out = spec.commandLine().getOut();
            int failed;
            if (json) {
                out.println(RecordJson.of(result));
                failed = (int) result.methods().stream().filter(m -> m.error().isPresent()).count();
            } else {
                failed = new RecordPrinter(out).print(result);
            }
            sources.addTo(config).ifPresent(store -> DiscoveryAdd.merge(store,
                    result.targets().stream().map(DiscoveryAdd::fromRecord).toList(), mergeOut()));
            out.flush();
            return failed > 0 ? 1 : 0;
        }
    }

    /** Where {@code --add} reports: stdout, or stderr when stdout carries JSON. */
    private PrintWriter mergeOut() {
        return json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }
}
