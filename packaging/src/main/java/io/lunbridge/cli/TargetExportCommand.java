package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.TargetsFileExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge target export [--output FILE] [--include-secrets]}: the stored targets as an AIX
 * targets file. Secrets are left out (with a warning) unless asked for; a file holding secrets is
 * created 0600.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the stored targets as an AIX targets file (stdout by default).")
final class TargetExportCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (atomically) instead of stdout")
    Path output;

    @Option(names = "--include-secrets",
            description = "Write CHAP secrets in clear text, as the AIX format does (default: leave them out)")
    boolean includeSecrets;

    @Mixin
    StoreOption store;

    @Mixin
    InitiatorNameOption initiator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TargetsFileExport.Rendered r;
        try (ConfigStore s = store.openExisting()) {
            r = new TargetsFileExport(initiator.resolve()).render(s.list(), includeSecrets);
        }
        PrintWriter err = spec.commandLine().getErr();
        for (String w : r.warnings()) {
            err.println("lunbridge: warning: " + w);
        }
        err.flush();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(r.text());
            out.flush();
        } else {
            try {
                AtomicFiles.write(output, r.text(), r.hasSecrets());
            } catch (IOException e) {
                throw new UncheckedIOException("--output " + output + ": cannot write it: " + e, e);
            }
        }
        return 0;
    }
}
