package io.lunbridge.protocol.discovery.targetsfile;

import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.input.TextSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The lexical half of the targets-file parser: cuts a {@link TextSource} into physical lines of
 * fields, one character at a time, so a line of any length is scanned in constant memory. A field
 * keeps at most {@link #KEPT_CHARS} characters of its text (every field's limit is smaller, so a
 * longer field is always refused for its length) and always knows its full length in characters
 * and in bytes of UTF-8. Lexical errors (an unclosed quote, a stray backslash) are reported
 * through the {@link ErrorSink}; the caller checks the fields.
 */
final class TargetsFileScanner {
    /** Characters of a field's text kept: more than any field may have. */
    static final int KEPT_CHARS = 1024;

    private static final int EOL = -3;
    private static final int EOF = -1;
    private static final int NONE = -2;

    private final TextSource in;
    private final String fileName;
    private int line = 1;
    private int column; // zero-based index of the next character in the line
    private int pushedBack = NONE;
    private boolean atEof;

    /** Receives lexical errors. */
    interface ErrorSink {
        void error(Location at, String field, String message);
    }

    TargetsFileScanner(TextSource in, String fileName) {
        this.in = in;
        this.fileName = fileName;
    }

    /** True once the last line has been scanned. */
    boolean atEof() {
        return atEof;
    }

    /** Where the scanner is: the line being scanned and the column of the next character. */
    Location position() {
        return new Location(fileName, line, column + 1);
    }

    /**
     * Scans the next physical line.
     *
     * @param fieldsBefore fields of the current entry found on earlier (continued) lines
     */
    LineScan scanLine(int fieldsBefore, ErrorSink errors) throws InputFileException {
        LineScan scan = new LineScan(line);
        try {
            scanFields(scan, fieldsBefore, errors);
        } finally {
            scan.endColumn = scan.tokens.isEmpty() ? 1 : scan.tokens.get(scan.tokens.size() - 1).end();
        }
        line++;
        column = 0;
        return scan;
    }

    private void scanFields(LineScan scan, int fieldsBefore, ErrorSink errors) throws InputFileException {
        while (true) {
            int c = next();
            if (c == EOL || c == EOF) {
                return;
            }
            if (c == ' ' || c == '\t') {
                continue;
            }
            String field = TargetsFileParser.fieldName(fieldsBefore + scan.tokens.size());
            int startColumn = column; // one-based column of c
            Location at = new Location(fileName, line, startColumn);
            if (c == '#') {
                skipLine();
                return;
            }
            if (c == '"') {
                if (!quoted(scan, at, field, errors)) {
                    return;
                }
                continue;
            }
            if (c == '\\') {
                if (restIsBlank()) {
                    scan.continues = true;
                    scan.continuationColumn = startColumn;
                    skipLine();
                    return;
                }
                errors.error(at, field, "expected '\\' only as the last character of a line (line "
                        + "continuation), found it before more text");
                scan.broken = true;
                skipLine();
                return;
            }
            Token word = new Token(false, line, startColumn);
            word.add((char) c);
            int last = c;
            while (true) {
                int d = next();
                if (d == EOL || d == EOF || d == ' ' || d == '\t') {
                    pushBack(d);
                    break;
                }
                word.add((char) d);
                last = d;
            }
            if (last == '\\' && restIsBlank()) {
                word.dropLast();
                scan.tokens.add(word);
                scan.continues = true;
                scan.continuationColumn = word.column + word.chars;
                skipLine();
                return;
            }
            scan.tokens.add(word);
        }
    }

    /** Scans a quoted field after its opening quote; false when the rest of the line is unusable. */
    private boolean quoted(LineScan scan, Location at, String field, ErrorSink errors) throws InputFileException {
        Token token = new Token(true, line, at.column());
        while (true) {
            int c = next();
            if (c == EOL || c == EOF) {
                errors.error(at, field, "expected a closing '\"' on the same line, found end of line");
                scan.broken = true;
                return false;
            }
            if (c == '"') {
                break;
            }
            token.add((char) c);
        }
        int closeColumn = column; // one-based column of the closing quote
        int after = next();
        if (after != EOL && after != EOF && after != ' ' && after != '\t') {
            errors.error(new Location(fileName, line, closeColumn + 1), field,
                    "expected a space, a tab or end of line after the closing '\"'");
            scan.broken = true;
            skipLine();
            return false;
        }
        pushBack(after);
        scan.tokens.add(token);
        return true;
    }

    /** Consumes blanks; true if the line ends after them (the end is pushed back). */
    private boolean restIsBlank() throws InputFileException {
        while (true) {
            int c = next();
            if (c == ' ' || c == '\t') {
                continue;
            }
            pushBack(c);
            return c == EOL || c == EOF;
        }
    }

    private void skipLine() throws InputFileException {
        int c;
        do {
            c = next();
        } while (c != EOL && c != EOF);
    }

    private void pushBack(int c) {
        pushedBack = c;
        if (c >= 0) {
            column--;
        }
    }

    /** The next character of the line, EOL at its end (consumed, with a CR before it), or EOF. */
    private int next() throws InputFileException {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            if (c >= 0) {
                column++;
            }
            return c;
        }
        int c = in.read();
        if (c < 0) {
            atEof = true;
            return EOF;
        }
        if (c == '\n') {
            return EOL;
        }
        if (c == '\r' && (in.peek() == '\n' || in.peek() < 0)) {
            if (in.read() < 0) {
                atEof = true;
            }
            return EOL;
        }
        column++;
        return c;
    }

    /** One field as written: its text (without quotes, at most {@link #KEPT_CHARS}) and lengths. */
    static final class Token {
        final boolean quoted;
        final int line;
        final int column;
        private final StringBuilder text = new StringBuilder();
        int chars;
        long bytes;

        Token(boolean quoted, int line, int column) {
            this.quoted = quoted;
            this.line = line;
            this.column = column;
        }

        void add(char c) {
            if (text.length() < KEPT_CHARS) {
                text.append(c);
            }
            chars++;
            bytes += Excerpt.utf8Length(c);
        }

        void dropLast() {
            if (chars <= KEPT_CHARS) {
                text.setLength(text.length() - 1);
            }
            chars--;
            bytes--;
        }

        /** The text; whole when {@link #bytes} is within every field limit. */
        String text() {
            return text.toString();
        }

        /** A short excerpt for messages; never use it for a secret. */
        String excerpt() {
            return Excerpt.of(text);
        }

        Location location(String file) {
            return new Location(file, line, column);
        }

        int end() {
            return column + chars + (quoted ? 2 : 0);
        }

        Location endLocation(String file) {
            return new Location(file, line, end());
        }
    }

    /** What one physical line contributed to the current entry. */
    static final class LineScan {
        final int line;
        final List<Token> tokens = new ArrayList<>();
        boolean continues;
        int continuationColumn;
        boolean broken;
        int endColumn;

        LineScan(int line) {
            this.line = line;
        }
    }
}
