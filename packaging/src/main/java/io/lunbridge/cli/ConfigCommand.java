package io.lunbridge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lunbridge config show}: every configuration key with its value and where it came from. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show the configuration.",
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: try 'lunbridge config show'");
    }

    /** Prints CONFIG_DIR/lunbridge.conf merged with the defaults, each key with its origin. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print every key of lunbridge.conf with its value and origin (file:line or default).")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigDirOption options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(options.configuration().render());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
