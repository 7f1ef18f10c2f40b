package io.lunbridge.cli;

import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge login IQN}: asks the running daemon to log in to a stored target and attach the
 * LUNs its allow-list names now, as it does at start for automatic targets; the store is not
 * changed. Without a daemon it fails naming the socket, the service and {@code attach}.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Have the running daemon log in to a stored target and attach its allowed LUNs now "
                + "(the store is not changed).")
final class LoginCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IQN", description = "The target, as stored ('lunbridge target list')")
    String target;

    @picocli.CommandLine.Mixin
    DaemonControlOption daemon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String name = IscsiName.parse(target).value();
        Path socket = daemon.socket();
        return DaemonClient.print(DaemonClient.require(socket, new ControlRequest("login", List.of(name)),
                "or attach in the foreground with 'lunbridge attach --target " + name + "'"), spec.commandLine().getOut());
    }
}
