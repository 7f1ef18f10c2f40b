package io.lunbridge.it.harness;

import io.lunbridge.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code lunbridge} command line run in-process ({@link Main#execute}) with its output captured.
 *
 * @param status the exit status
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
public record CliRun(int status, String out, String err) {
    /** Runs {@code args} followed by {@code common} (e.g. --config-dir DIR). */
    public static CliRun of(List<String> common, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(common);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Runs {@code args} as they are. */
    public static CliRun of(String... args) {
        return of(List.of(), args);
    }
}
