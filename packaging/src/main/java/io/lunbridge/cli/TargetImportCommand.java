package io.lunbridge.cli;

import io.lunbridge.app.store.TargetsFileImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lunbridge target import FILE}: an AIX targets file into the store, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an AIX targets file in one transaction; on any error nothing is imported and"
                + " every error is printed with its file:line.")
final class TargetImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The targets file")
    Path file;

    @Option(names = "--replace",
            description = "Replace portals and CHAP of targets already stored (attach preferences are kept)")
    boolean replace;

    @Mixin
    StoreOption store;

    @Mixin
    InitiatorNameOption initiator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        io.lunbridge.protocol.naming.IscsiName initiatorName = initiator.resolve();
        TargetsFileImport.Outcome o = store.createOrUndo(
                s -> new TargetsFileImport(initiatorName).importFile(s, file, replace));
        spec.commandLine().getOut().println("imported " + file + " into " + store.path() + ": " + o.added()
                + " added, " + o.replaced() + " replaced, " + o.portals() + " portals");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
