package io.lunbridge.protocol.naming;

import io.lunbridge.protocol.input.Excerpt;

/**
 * An iSCSI name that breaks RFC 7143 §4.2.7 or the RFC 3722 profile. The message quotes at most an
 * {@link Excerpt} of the name. Besides the message, it carries
 * the problem and its zero-based character position in the input, so that a caller parsing a larger
 * text (a targets file, an SLP URL) can report the column of the bad character itself.
 */
public final class InvalidIscsiNameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int position;

    InvalidIscsiNameException(String input, String problem, int position) {
        super("iSCSI name '" + Excerpt.of(input) + "': " + problem + " (at position " + (position + 1) + ")");
        this.problem = problem;
        this.position = position;
    }

    /** What is wrong, without the name and position, e.g. "month 13 out of range 01..12". */
    public String problem() {
        return problem;
    }

    /** Zero-based index of the offending character in the input string. */
    public int position() {
        return position;
    }
}
