package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoredChap;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lunbridge target list}: one line per stored target (AIX lsiscsi); never a secret. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the stored targets, one per line: name, portals, boot flag, CHAP (never the secret).")
final class TargetListCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigStore s = store.openExisting()) {
            for (StoredTarget t : s.list()) {
                out.println(line(t));
            }
        }
        out.flush();
        return 0;
    }

    static String line(StoredTarget t) {
        StringBuilder b = new StringBuilder(t.name().value());
        b.append("  portals: ").append(t.portals().stream().map(StoredPortal::toString)
                .collect(Collectors.joining(", ")));
        if (t.boot()) {
            b.append("  boot");
        }
        b.append("  ").append(t.startup());
        b.append("  chap: ").append(t.chap().map(StoredChap::describe).orElse("none"));
        return b.toString();
    }
}
