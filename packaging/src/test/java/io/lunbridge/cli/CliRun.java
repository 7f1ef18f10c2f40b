package io.lunbridge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the {@code lunbridge} command line in-process: exit status, stdout, stderr. */
record CliRun(int status, String out, String err) {
    /** Runs {@code lunbridge ARGS}. */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }
}
