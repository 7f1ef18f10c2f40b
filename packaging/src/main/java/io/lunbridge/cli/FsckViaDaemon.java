package io.lunbridge.cli;

import io.lunbridge.app.control.ControlClient;
import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.app.fsck.Confirmation;
import io.lunbridge.app.fsck.FsckException;
import io.lunbridge.app.fsck.FsckExit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lunbridge fsck} of a daemon's disk: the check runs in the daemon (which owns the device,
 * see {@code DaemonFsck}), this side prints its output and verdict. With {@code --repair} one
 * {@code fsck WHAT repair} request; otherwise {@code fsck WHAT} (read-only), and when it found
 * errors (exit status with bit 4) a terminal is asked y/N, "y" sending {@code fsck WHAT repair}
 * (which checks again and repairs what it finds). N gives 4, end of input 32, no terminal 4 (the
 * daemon's output names the command to repair). A refusal or error of the daemon is exit 8.
 */
final class FsckViaDaemon {
    /** The end of the daemon's ok message: "...: exit N". */
    private static final Pattern EXIT = Pattern.compile(": exit ([0-9]{1,3})$");

    private final Path socket;
    private final Confirmation confirmation;
    private final PrintWriter out;

    FsckViaDaemon(Path socket, Confirmation confirmation, PrintWriter out) {
        this.socket = socket;
        this.confirmation = confirmation;
        this.out = out;
    }

    /** Checks {@code what} (a device path or a target name) through the daemon and returns fsck(8)'s status. */
    int run(String what, boolean repair) throws IOException {
        int status = send(what, repair);
        if (repair || (status & FsckExit.UNCORRECTED) == 0) {
            return status;
        }
        Confirmation.Answer a = confirmation.ask("Repair the filesystems of " + what
                + " through the daemon (e2fsck -f -y, xfs_repair -e)? [y/N] ");
        switch (a) {
            case YES:
                return send(what, true);
            case NO:
                out.println("not repaired");
                out.flush();
                return status;
            case CANCELLED:
                out.println("cancelled, not repaired");
                out.flush();
                return (status & ~FsckExit.UNCORRECTED) | FsckExit.CANCELLED;
            default:
                return status; // no terminal: the daemon's output says how to repair
        }
    }

    private int send(String what, boolean repair) throws IOException {
        List<String> args = new ArrayList<>(List.of(what));
        if (repair) {
            args.add("repair");
        }
        ControlReply reply = ControlClient.send(socket, new ControlRequest("fsck", args));
        reply.data().forEach(out::println);
        out.flush();
        if (reply.status() != ControlReply.Status.OK) {
            throw new FsckException(FsckExit.OPERATIONAL, "the lunbridge daemon (" + socket + "): " + reply.message());
        }
        Matcher m = EXIT.matcher(reply.message());
        if (!m.find()) {
            throw new FsckException(FsckExit.OPERATIONAL, "the lunbridge daemon (" + socket + ") answered without an exit"
                    + " status: " + reply.message());
        }
        out.println("(" + reply.message() + ")");
        out.flush();
        return Integer.parseInt(m.group(1));
    }
}
