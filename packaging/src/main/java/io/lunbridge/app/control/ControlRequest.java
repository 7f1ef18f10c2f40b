package io.lunbridge.app.control;

import java.util.Arrays;
import java.util.List;

/** One request line: a verb and its arguments, separated by single spaces. */
public record ControlRequest(String verb, List<String> arguments) {
    /** Longest request line accepted, in bytes. */
    public static final int MAX_LINE = 4096;

    public ControlRequest {
        arguments = List.copyOf(arguments);
        if (!verb.matches("[a-z][a-z-]*")) {
            throw new IllegalArgumentException("control request verb '" + verb + "': expected lower-case letters");
        }
    }

    /** Parses a request line (without its LF). */
    public static ControlRequest parse(String line) {
        String t = line.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty control request");
        }
        String[] w = t.split(" +");
        return new ControlRequest(w[0], Arrays.asList(w).subList(1, w.length));
    }

    /** Whether {@code word} is among the arguments. */
    public boolean has(String word) {
        return arguments.contains(word);
    }

    public String format() {
        return arguments.isEmpty() ? verb : verb + " " + String.join(" ", arguments);
    }
}
