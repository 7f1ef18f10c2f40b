package io.lunbridge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge initiator-name}: prints the initiator name, generating and saving it first when
 * CONFIG_DIR/initiatorname does not exist (the package's postinst runs it once); an existing file
 * is never rewritten.
 */
@Command(name = "initiator-name", mixinStandardHelpOptions = true,
        description = {"Print the initiator's iSCSI name.",
            "When CONFIG_DIR/initiatorname does not exist yet, a name is generated and saved first;"
                    + " an existing file is never rewritten."})
final class InitiatorNameCommand implements Callable<Integer> {
    @Mixin
    InitiatorNameOption name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(name.resolve().value());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
