package io.lunbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge target add|list|show|remove|import|export}: the persistent config store's targets,
 * in the spirit of AIX mkiscsi / lsiscsi / rmiscsi.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "Manage the targets kept in the persistent config store.",
        subcommands = {TargetAddCommand.class, TargetSetCommand.class, TargetListCommand.class, TargetShowCommand.class,
            TargetRemoveCommand.class, TargetImportCommand.class, TargetExportCommand.class})
final class TargetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: add, set, list, show, remove, import or export (try 'lunbridge target --help')");
    }
}
