package io.lunbridge.cli;

import io.lunbridge.protocol.input.Excerpt;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lunbridge} command. Every verb prints its result on stdout and, on failure, one line
 * "lunbridge: error: …" on stderr with a non-zero exit status.
 *
 * <p>This is the edge where no failure gets through as a stack trace: {@link #execute} catches
 * every {@link Throwable} (an {@link OutOfMemoryError} included, should one ever be reachable),
 * prints one bounded message (at most {@link #MAX_LINES} lines of at most {@link #MAX_LINE_CHARS}
 * characters each, the rest counted) and returns 1; the stack trace goes to the log at DEBUG.
 */
@Command(name = "lunbridge", mixinStandardHelpOptions = true, version = "lunbridge 0.1.0",
        description = "User-space iSCSI initiator: discovers targets and turns their LUNs into local disks.",
        subcommands = {DiscoverCommand.class, LunsCommand.class, ServeCommand.class, AttachCommand.class, DaemonCommand.class,
            LoginCommand.class, LogoutCommand.class, DetachCommand.class, StatusCommand.class, FsckCommand.class, MpioCommand.class, IfaceCommand.class, TargetCommand.class, VgCommand.class,
            ConfigCommand.class,
            // issue 11 (packaging and operations)
            InitiatorNameCommand.class, DoctorCommand.class})
public final class Main implements Runnable {
    /** Lines of an error message printed; a file with many errors lists the first ones. */
    static final int MAX_LINES = 20;
    /** Characters of one printed line. */
    static final int MAX_LINE_CHARS = 400;
    private static final Logger LOG = LogManager.getLogger(Main.class);

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command: try 'lunbridge --help'");
    }

    public static void main(String[] args) {
        LogFormat.apply(System.getenv());
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit status (for tests and for main). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            CommandLine cl = commandLine();
            cl.setOut(out);
            cl.setErr(err);
            cl.setExecutionExceptionHandler((e, line, parsed) -> fail(err, e));
            return cl.execute(args);
        } catch (Throwable e) { // the edge: nothing escapes as a stack trace
            return fail(err, e);
        }
    }

    private static int fail(PrintWriter err, Throwable e) {
        LOG.debug("lunbridge failed", e);
        err.println("lunbridge: error: " + bounded(message(e)));
        err.flush();
        return 1;
    }

    /** The command model, for running it and for what is generated from it (man pages, completion). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + "); this is a bug: please report the command that caused it";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow; this is a bug: please report the command that caused it";
        }
        String m = t.getMessage();
        if (t instanceof UncheckedIOException && t.getCause() != null && t.getCause().getMessage() != null
                && (m == null || m.equals(t.getCause().toString()))) {
            m = t.getCause().getMessage();
        }
        if (m == null || m.isBlank()) {
            return "internal error (" + t.getClass().getSimpleName() + "); run with LUNBRIDGE_LOG_LEVEL=DEBUG"
                    + " for the details";
        }
        return m;
    }

    /** At most {@link #MAX_LINES} lines of at most {@link #MAX_LINE_CHARS} characters, each escaped. */
    static String bounded(String message) {
        StringBuilder sb = new StringBuilder();
        int start = 0;
        for (int lines = 0; ; lines++) {
            int nl = message.indexOf('\n', start);
            int end = nl < 0 ? message.length() : nl;
            if (lines == MAX_LINES) {
                long more = 1 + message.chars().skip(start).filter(c -> c == '\n').count();
                return sb.append("\n… and ").append(more).append(more == 1 ? " more line" : " more lines").toString();
            }
            sb.append(lines > 0 ? "\n" : "").append(Excerpt.of(CharBuffer.wrap(message, start, end), MAX_LINE_CHARS));
            if (nl < 0) {
                return sb.toString();
            }
            start = nl + 1;
        }
    }
}
