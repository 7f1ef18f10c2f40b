package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lunbridge target remove IQN...}: removes targets in one transaction, all or none (AIX rmiscsi). */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove targets from the store; if any is not stored, none is removed.")
final class TargetRemoveCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IQN", description = "The targets' iSCSI names")
    List<String> names;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<IscsiName> targets = names.stream().map(IscsiName::parse).collect(Collectors.toList());
        try (ConfigStore s = store.openExisting()) {
            s.remove(targets);
        }
        spec.commandLine().getOut().println("removed " + targets.size() + (targets.size() == 1 ? " target" : " targets")
                + " from " + store.path());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
