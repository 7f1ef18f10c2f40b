package io.lunbridge.cli;

import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge logout IQN [--force]}: asks the running daemon to detach a target's devices and
 * log out. Refused while a filesystem on a device (or an LV over it) is mounted or the device is held
 * open, naming the mount point or holder; {@code --force} fails queued I/O with EIO at once and
 * detaches anyway. Without a daemon it fails naming the socket, the service and {@code detach}.
 */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Have the running daemon detach a target's devices and log out (refused while mounted or open).")
final class LogoutCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IQN", description = "The target")
    String target;

    @Option(names = "--force",
            description = "Log out even while mounted or open: queued and later I/O fails with EIO at once, so a stuck "
                    + "filesystem can be unmounted lazily (umount -l)")
    boolean force;

    @picocli.CommandLine.Mixin
    DaemonControlOption daemon;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String name = IscsiName.parse(target).value();
        List<String> args = new ArrayList<>(List.of(name));
        if (force) {
            args.add("force");
        }
        Path socket = daemon.socket();
        return DaemonClient.print(DaemonClient.require(socket, new ControlRequest("logout", args),
                "or end a foreground attach with 'lunbridge detach --target " + name + " --lun N'"), spec.commandLine().getOut());
    }
}
