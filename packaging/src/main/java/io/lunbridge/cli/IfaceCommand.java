package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.protocol.session.InterfaceBinding;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lunbridge iface add|list|remove}: named local network interfaces for paths, kept in the
 * store (open-iscsi's ifaces). {@code --iface NAME} on serve and attach takes such a name or a
 * Linux interface name directly.
 */
@Command(name = "iface", mixinStandardHelpOptions = true,
        description = "Name the local network interfaces iSCSI paths leave from (kept in the store).",
        subcommands = {IfaceCommand.Add.class, IfaceCommand.List.class, IfaceCommand.Remove.class})
final class IfaceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: add, list or remove (try 'lunbridge iface --help')");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Name a network interface for paths.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--netdev", required = true, paramLabel = "NETDEV", description = "The Linux network interface")
        String netdev;

        @Mixin
        StoreOption store;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            InterfaceBinding.checkUsable(netdev);
            try (ConfigStore s = store.open()) {
                s.putIface(name, netdev);
            }
            spec.commandLine().getOut().println("iface " + name + " = " + netdev);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the named interfaces.")
    static final class List implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ConfigStore s = store.open()) {
                Map<String, String> all = s.ifaces();
                if (all.isEmpty()) {
                    out.println("no named interfaces in " + s.file());
                }
                all.forEach((n, d) -> out.println(n + " " + d));
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a named interface.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        StoreOption store;

        @Override
        public Integer call() {
            try (ConfigStore s = store.open()) {
                s.removeIface(name);
            }
            return 0;
        }
    }
}
