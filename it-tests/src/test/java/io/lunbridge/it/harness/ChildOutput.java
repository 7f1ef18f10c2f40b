package io.lunbridge.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits for a line a child process prints to its stdout file (e.g. {@code lunbridge attach}
 * announcing its device), failing at once with its stderr tail when the child exits first.
 */
public final class ChildOutput {

    private static final int ERR_TAIL_LINES = 30;

    private ChildOutput() {
    }

    /**
     * Waits until {@code out} contains a match of {@code pattern} and returns its group 1.
     *
     * @throws HarnessException when {@code child} exits or {@code timeout} passes first
     */
    public static String awaitGroup(Process child, Path out, Path err, Pattern pattern, String what, Duration timeout) {
        Await.until(what, timeout, () -> {
            if (!child.isAlive()) {
                throw new HarnessException("pid " + child.pid() + " exited with " + child.exitValue() + " before "
                        + what + "\n" + Text.tailOfFile(err, ERR_TAIL_LINES));
            }
            return pattern.matcher(read(out)).find();
        }, () -> Text.tailOfFile(err, ERR_TAIL_LINES));
        Matcher m = pattern.matcher(read(out));
        if (!m.find()) {
            throw new HarnessException(what + ": the match vanished from " + out);
        }
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new HarnessException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
