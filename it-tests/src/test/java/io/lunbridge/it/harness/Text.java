package io.lunbridge.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small text helpers for failure messages (tails of outputs and log files). */
public final class Text {

    private Text() {
    }

    /** The last {@code maxLines} lines of {@code text}. */
    public static String tail(String text, int maxLines) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        int end = lines.length;
        if (end > 0 && lines[end - 1].isEmpty()) {
            end--;
        }
        int start = Math.max(0, end - maxLines);
        return String.join("\n", java.util.Arrays.asList(lines).subList(start, end));
    }

    /** The last {@code maxLines} lines of a file, or a note saying why it could not be read. */
    public static String tailOfFile(Path file, int maxLines) {
        try {
            if (!Files.exists(file)) {
                return "(" + file + " does not exist)";
            }
            return tail(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), maxLines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
