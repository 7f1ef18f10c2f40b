package io.lunbridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lunbridge} command. Every verb prints its result on stdout and, on failure, one line
 * "lunbridge: error: …" on stderr with a non-zero exit status.
 */
@Command(name = "lunbridge", mixinStandardHelpOptions = true, version = "lunbridge 0.1.0",
        description = "User-space iSCSI initiator: discovers targets and turns their LUNs into local disks.",
        subcommands = {DiscoverCommand.class, LunsCommand.class, ServeCommand.class, AttachCommand.class,
            DetachCommand.class, StatusCommand.class, MpioCommand.class, IfaceCommand.class, TargetCommand.class,
            ConfigCommand.class,
            // issue 11 (packaging and operations)
            InitiatorNameCommand.class, DoctorCommand.class})
public final class Main implements Runnable {

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
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("lunbridge: error: " + message(e));
            return 1;
        });
        return cl.execute(args);
    }

    /** The command model, for running it and for what is generated from it (man pages, completion). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
