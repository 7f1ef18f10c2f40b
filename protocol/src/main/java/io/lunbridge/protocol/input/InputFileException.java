package io.lunbridge.protocol.input;

import java.io.IOException;

/**
 * A file that cannot be used as input: missing, a directory, unreadable, larger than its limit, or
 * not the text it should be. The message names the file and says what is wrong in words a user can
 * act on ("no such file", "is a directory", "not UTF-8 text at byte 17"); it never quotes the
 * content. {@link #problem()} is the same without the file, for callers that report the line and
 * column themselves.
 */
public final class InputFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    /**
     * @param file how the file is named in the message, e.g. "targets file /etc/iscsi/targets"
     * @param problem what is wrong with it
     */
    public InputFileException(String file, String problem) {
        super(file + ": " + problem);
        this.problem = problem;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
