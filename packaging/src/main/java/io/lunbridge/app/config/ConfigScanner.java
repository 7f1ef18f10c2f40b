package io.lunbridge.app.config;

import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.input.TextSource;

/**
 * Cuts {@code lunbridge.conf} into {@code key = value} lines one character at a time, so a line of
 * any length is read in constant memory: a comment ({@code #} to the end of the line) is skipped
 * unread, and the key and the value keep at most a bounded prefix of their text while counting
 * their full length in bytes of UTF-8, blanks around them not counted.
 */
final class ConfigScanner {
    private final TextSource in;
    private int line;
    private boolean eof;

    ConfigScanner(TextSource in) {
        this.in = in;
    }

    /** The line being read (one-based), for a read error. */
    int line() {
        return Math.max(line, 1);
    }

    /** The next line, or null at the end of the file. */
    ConfigLine next(int keyLimit, int valueLimit) throws InputFileException {
        if (eof) {
            return null;
        }
        line++;
        Field key = new Field(keyLimit);
        Field value = new Field(valueLimit);
        boolean equals = false;
        boolean comment = false;
        while (true) {
            int c = in.read();
            if (c < 0) {
                eof = true;
                break;
            }
            if (c == '\n') {
                break;
            }
            if (comment) {
                continue;
            }
            if (c == '#') {
                comment = true;
            } else if (c == '=' && !equals) {
                equals = true;
            } else {
                (equals ? value : key).add((char) c);
            }
        }
        return new ConfigLine(line, key, equals, value);
    }

    /** One line: its key part, whether it has '=', its value part. */
    record ConfigLine(int number, Field key, boolean hasEquals, Field value) {
        boolean blank() {
            return !hasEquals && key.bytes == 0;
        }
    }

    /** The text of a key or value without surrounding blanks, kept up to a limit, and its length. */
    static final class Field {
        private final int keep;
        private final StringBuilder text = new StringBuilder();
        private int keptToLastNonBlank;
        private long bytesToLastNonBlank;
        private long bytes;
        private boolean started;

        Field(int keepChars) {
            this.keep = keepChars;
        }

        void add(char c) {
            boolean blank = Character.isWhitespace(c);
            if (!started && blank) {
                return;
            }
            started = true;
            if (text.length() < keep) {
                text.append(c);
            }
            bytes += Excerpt.utf8Length(c);
            if (!blank) {
                bytesToLastNonBlank = bytes;
                keptToLastNonBlank = text.length();
            }
        }

        /** Length in bytes of UTF-8 without the surrounding blanks. */
        long length() {
            return bytesToLastNonBlank;
        }

        /** The text without the surrounding blanks; whole only when {@link #length()} is within the limit. */
        String text() {
            return text.substring(0, keptToLastNonBlank);
        }
    }
}
