package io.lunbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lunbridge vg prepare}: LVM volume groups on lunbridge disks. */
@Command(name = "vg", mixinStandardHelpOptions = true,
        description = "LVM volume groups on lunbridge disks: kept inactive at boot, activated by the daemon after attach.",
        subcommands = {VgPrepareCommand.class})
final class VgCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: prepare (try 'lunbridge vg --help')");
    }
}
