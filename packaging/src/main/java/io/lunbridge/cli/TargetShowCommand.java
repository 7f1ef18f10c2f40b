package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoreException;
import io.lunbridge.app.store.StoredChap;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lunbridge target show IQN}: every stored field of one target, as "key: value" lines; never a secret. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show everything stored about one target (CHAP secrets are never printed).")
final class TargetShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IQN", description = "The target's iSCSI name")
    String name;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IscsiName target = IscsiName.parse(name);
        StoredTarget t;
        try (ConfigStore s = store.openExisting()) {
            t = s.find(target).orElseThrow(() -> new StoreException("target " + target + " is not in the store "
                    + store.path()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("target: " + t.name());
        out.println("alias: " + t.alias().orElse("-"));
        out.println("boot: " + (t.boot() ? "yes" : "no"));
        out.println("volume groups: " + t.volumeGroups().text());
        out.println("nbd index: " + (t.nbdIndex().isPresent() ? String.valueOf(t.nbdIndex().getAsInt()) : "any"));
        out.println("export name: " + t.exportName().orElse("-"));
        out.println("startup: " + t.startup().startup().text());
        out.println("luns: " + t.startup().luns().text());
        for (StoredPortal p : t.portals()) {
            out.println("portal: " + p);
        }
        out.println("chap: " + t.chap().map(StoredChap::describe).orElse("none"));
        out.flush();
        return 0;
    }
}
