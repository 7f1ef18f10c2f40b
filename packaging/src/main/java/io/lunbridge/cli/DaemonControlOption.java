package io.lunbridge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --control PATH}: the daemon's control socket, for the verbs that need the daemon. */
final class DaemonControlOption {
    @Option(names = "--control", paramLabel = "PATH",
            description = "The daemon's control socket (default /run/lunbridge/control/daemon.sock)")
    Path control;

    /** The socket to ask: the one given, or the daemon's fixed one. */
    Path socket() {
        return DaemonClient.socket(control);
    }
}
