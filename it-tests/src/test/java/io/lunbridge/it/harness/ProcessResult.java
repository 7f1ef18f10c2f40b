package io.lunbridge.it.harness;

/**
 * Outcome of one finished external command: its redacted command line, exit code and output.
 *
 * @param command  the command line as displayed (secrets redacted)
 * @param exitCode the process exit code
 * @param stdout   everything written to standard output (secrets redacted)
 * @param stderr   everything written to standard error (secrets redacted)
 */
public record ProcessResult(String command, int exitCode, String stdout, String stderr) {

    /** True when the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@code maxLines} lines of stderr, for failure messages. */
    public String stderrTail(int maxLines) {
        return Text.tail(stderr, maxLines);
    }

    /** A one-paragraph description for assertion messages. */
    public String describe() {
        return "command `" + command + "` exited " + exitCode
                + "\n--- stdout (tail) ---\n" + Text.tail(stdout, 20)
                + "\n--- stderr (tail) ---\n" + Text.tail(stderr, 20);
    }
}
