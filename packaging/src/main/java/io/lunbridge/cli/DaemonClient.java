package io.lunbridge.cli;

import io.lunbridge.app.control.ControlClient;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.lifecycle.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CLI's way to the running daemon: its control socket at the fixed path
 * /run/lunbridge/control/daemon.sock (or the one given), one request, the reply.
 */
final class DaemonClient {
    private DaemonClient() {
    }

    /** {@code given}, or the daemon's fixed socket path. */
    static Path socket(Path given) {
        return given != null ? given.toAbsolutePath() : RunDirectory.system().daemonSocket();
    }

    /** The daemon's reply, or empty when no daemon listens on {@code socket} (no file, or a stale one). */
    static Optional<ControlReply> ifRunning(Path socket, ControlRequest request) throws IOException {
        try {
            return Optional.of(ControlClient.send(socket, request));
        } catch (ControlClient.NotListening e) {
            return Optional.empty();
        }
    }

    /**
     * Sends {@code request} to the daemon, which must run ({@code foreground}: the way without it, the clause after 'start the service,').
     *
     * @throws IllegalStateException naming the socket, how to start the service and the foreground way
     */
    static ControlReply require(Path socket, ControlRequest request, String foreground) throws IOException {
        return ifRunning(socket, request).orElseThrow(() -> new IllegalStateException("no lunbridge daemon is running "
                + "(nothing answers on " + socket + "): start the service (systemctl start lunbridge), " + foreground));
    }

    /** Prints an {@code ok} reply's message and returns 0; throws with the message of any other. */
    static int print(ControlReply reply, java.io.PrintWriter out) {
        if (reply.status() != ControlReply.Status.OK) {
            throw new IllegalStateException(reply.message());
        }
        for (String d : reply.data()) {
            out.println(d);
        }
        out.println(reply.message());
        out.flush();
        return 0;
    }
}
