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
            "Without --portal, run the discovery methods of discovery.policy and print what each found, and from where."})
final class DiscoverCommand implements Callable<Integer> {
    @Option(names = "--portal", paramLabel = "HOST[:PORT]", description = "Portal to ask with SendTargets")
    String portal;

    @Mixin
    InitiatorOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (portal == null) {
            return runPolicy();
        }
        PortalAddress p = PortalAddress.parse(portal);
        try (Initiator initiator = new Initiator(options.settings())) {
            List<DiscoveredTarget> targets = initiator.sendTargets(p.host(), p.port(), options.chap()).get();
            PrintWriter out = spec.commandLine().getOut();
            for (DiscoveredTarget t : targets) {
                out.println(t.name());
                for (Portal portalOfTarget : t.portals()) {
                    out.println("    " + portalOfTarget);
                }
            }
            out.flush();
            return 0;
        }
    }

    private int runPolicy() {
        Configuration config = options.configuration();
        Initiator.Settings settings = options.settings();
        List<DiscoveryMethod> methods = DiscoveryMethods.fromConfiguration(config, IscsiName.parse(settings.name()));
        try (Initiator initiator = new Initiator(settings)) {
            DiscoveryPolicy.Result result = new DiscoveryPolicy(methods,
                    (p, chap) -> initiator.sendTargets(p.host(), p.port(), chap)).run();
            int failed = new RecordPrinter(spec.commandLine().getOut()).print(result);
            return failed > 0 ? 1 : 0;
        }
    }
}
