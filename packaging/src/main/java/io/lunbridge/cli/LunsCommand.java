package io.lunbridge.cli;

import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.lu.LunDirectory;
import io.lunbridge.protocol.lu.LunInfo;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.session.Session;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import io.lunbridge.mpio.PathEndpoint;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge luns --portal HOST[:PORT] --target IQN}: logs in and lists each LUN with its
 * size, logical block size, vendor/product and device identity. Non-disk LUNs (such as tgtd's
 * controller LUN 0) are listed with their device type instead of a size.
 */
@Command(name = "luns", mixinStandardHelpOptions = true,
        description = "Log in to a target and list its LUNs: number, size, block size, vendor/product, identity.")
final class LunsCommand implements Callable<Integer> {
    @Option(names = "--portal", paramLabel = "HOST[:PORT]",
            description = "Portal of the target (default: found with discovery.policy, with its stored credentials)")
    String portal;

    @Option(names = "--target", required = true, paramLabel = "IQN", description = "Target name")
    String target;

    @Option(names = "--show-session", description = "Also print the negotiated session parameters and TCP buffer sizes")
    boolean showSession;

    @Option(names = "--iface", paramLabel = "NAME",
            description = "Log in through this local interface (a name from `lunbridge iface add` or a Linux "
                    + "interface; repeatable: the first path planned is used)")
    List<String> ifaces = new ArrayList<>();

    @Mixin
    InitiatorOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String targetName = io.lunbridge.protocol.naming.IscsiName.parse(target).value();
        try (Initiator initiator = new Initiator(options.settings())) {
            TargetAddressing where = TargetAddressing.resolve(options, initiator, portal, targetName);
            PathEndpoint path = TargetAddressing.firstPath(options, ifaces, where);
            Session session = initiator.login(path.host(), path.port(), path.netdev(), targetName, where.chap()).get();
            try {
                List<Lun> luns = LunDirectory.reportLuns(session::execute).get();
                List<CompletableFuture<Object>> infos = new ArrayList<>();
                for (Lun lun : luns) {
                    infos.add(LogicalUnit.open(session::execute, lun).<Object>thenApply(LogicalUnit::info)
                            .exceptionally(e -> Main.message(e)));
                }
                PrintWriter out = spec.commandLine().getOut();
                if (showSession) {
                    out.println(SessionReport.describe(session, initiator.connector()));
                }
                out.printf("%-6s %-16s %-6s %-8s %-16s %s%n", "LUN", "SIZE", "BLOCK", "VENDOR", "PRODUCT", "IDENTITY");
                for (int i = 0; i < luns.size(); i++) {
                    Object result = infos.get(i).get();
                    if (!(result instanceof LunInfo)) {
                        out.printf("%-6s %-16s %-6s %-8s %-16s (%s)%n", luns.get(i), "-", "-", "-", "-", result);
                        continue;
                    }
                    LunInfo info = (LunInfo) result;
                    out.printf("%-6s %-16d %-6d %-8s %-16s %s%n", luns.get(i), info.geometry().sizeBytes(),
                            info.geometry().logicalBlockSize(), info.vendor(), info.product(),
                            info.identity().orElse("-"));
                }
                out.flush();
            } finally {
                session.logout().get();
            }
            return 0;
        }
    }
}
