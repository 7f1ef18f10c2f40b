package io.lunbridge.cli;

import io.lunbridge.protocol.discovery.DiscoveredTarget;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.initiator.Initiator;
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
        description = "List the targets a portal offers (SendTargets), each with its portals.")
final class DiscoverCommand implements Callable<Integer> {
    @Option(names = "--portal", required = true, paramLabel = "HOST[:PORT]", description = "Portal to ask")
    String portal;

    @Mixin
    InitiatorOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
}
