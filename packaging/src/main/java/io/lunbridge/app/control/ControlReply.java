package io.lunbridge.app.control;

import java.util.List;

/** The answer to one control request: data lines, then a status and a message. */
public record ControlReply(Status status, String message, List<String> data) {
    /** The final line's first word. */
    public enum Status {
        OK, REFUSED, ERROR;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ControlReply {
        data = List.copyOf(data);
        message = oneLine(message);
    }

    public static ControlReply ok(String message) {
        return new ControlReply(Status.OK, message, List.of());
    }

    public static ControlReply refused(String message) {
        return new ControlReply(Status.REFUSED, message, List.of());
    }

    public static ControlReply error(String message) {
        return new ControlReply(Status.ERROR, message, List.of());
    }

    /** The reply as written on the socket. */
    public String format() {
        StringBuilder b = new StringBuilder();
        for (String d : data) {
            b.append("data ").append(oneLine(d)).append('\n');
        }
        return b.append(status.word()).append(' ').append(message).append('\n').toString();
    }

    /**
     * Parses a reply read from the socket.
     *
     * @throws IllegalArgumentException naming the line that is neither data nor a status
     */
    public static ControlReply parse(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty reply (the server closed the connection without answering)");
        }
        List<String> data = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size() - 1; i++) {
            String l = lines.get(i);
            if (!l.startsWith("data ")) {
                throw new IllegalArgumentException("reply line " + (i + 1) + " is not 'data TEXT': " + l);
            }
            data.add(l.substring(5));
        }
        String last = lines.get(lines.size() - 1);
        int sp = last.indexOf(' ');
        String word = sp < 0 ? last : last.substring(0, sp);
        for (Status s : Status.values()) {
            if (s.word().equals(word)) {
                return new ControlReply(s, sp < 0 ? "" : last.substring(sp + 1), data);
            }
        }
        throw new IllegalArgumentException("reply line " + lines.size() + " is not 'ok|refused|error TEXT': " + last);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]", " ");
    }
}
