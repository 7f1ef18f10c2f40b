package io.lunbridge.protocol.discovery.targetsfile;

import java.util.Objects;

/**
 * A place in a targets file, one-based, rendered as {@code file:line:column} so that editors and
 * terminals can jump to it.
 *
 * @param file the file name as given to the parser
 * @param line one-based physical line
 * @param column one-based character column
 */
public record Location(String file, int line, int column) {

    /** Checks that the position is one-based. */
    public Location {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are one-based, found " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
