package io.lunbridge.protocol.discovery.targetsfile;

import io.lunbridge.protocol.discovery.targetsfile.TargetsFileScanner.LineScan;
import io.lunbridge.protocol.discovery.targetsfile.TargetsFileScanner.Token;
import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.input.TextSource;
import io.lunbridge.protocol.naming.InvalidIscsiNameException;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses the AIX iSCSI targets file format ({@code /etc/iscsi/targets} on AIX).
 *
 * <p>Format, as IBM documents it, one target per entry:
 * <pre>
 * HostNameOrAddress PortNumber iSCSIName [CHAPSecret [CHAPName]]
 * </pre>
 * <ul>
 *   <li>Lines whose first non-blank character is {@code #} and blank lines are ignored. As an
 *       extension, a {@code #} that starts a word outside a quoted secret comments out the rest of
 *       the line.</li>
 *   <li>Fields are separated by spaces or tabs. A {@code \} that is the last non-blank character of
 *       a line (outside a quoted secret) continues the entry on the next line; it also separates
 *       fields. Any other {@code \} outside quotes is an error.</li>
 *   <li>HostNameOrAddress: dotted-decimal IPv4, an IPv6 address in RFC 2373 text form (IBM cites RFC
 *       2373, which has no brackets, so brackets are rejected; zones are not allowed), or a host name
 *       checked syntactically (RFC 1123) and never resolved here.</li>
 *   <li>PortNumber: decimal, 1..65535.</li>
 *   <li>iSCSIName: validated and lowercased by {@link IscsiName}.</li>
 *   <li>CHAPSecret: IBM's grammar is {@code %x22 *(any character) %x22}; the quotes are required and
 *       not part of the secret. There is no escape mechanism: inside the quotes every character,
 *       including spaces, tabs, {@code #} and {@code \}, is literal, and the first {@code "} closes
 *       the secret, so a secret cannot contain {@code "} or span lines. It must not be empty.</li>
 *   <li>CHAPName: an unquoted word, allowed only after a CHAPSecret; when absent the initiator name
 *       is the CHAP name.</li>
 * </ul>
 * Every problem is collected as a {@link TargetsFileError}; secrets never appear in them, other
 * values only as a short excerpt. Two entries with the same target name and portal are an error
 * naming both lines.
 *
 * <p>Bounds: the file is read as a stream ({@link TargetsFileScanner}), so a line of any length
 * takes constant memory; each field is refused beyond its limit with its length and the limit
 * (iSCSIName {@link IscsiName#MAX_BYTES}, HostNameOrAddress {@link #MAX_HOST_BYTES}, CHAPSecret and
 * CHAPName {@link #MAX_CHAP_BYTES}); at most {@link #MAX_ENTRIES} entries and {@link #MAX_ERRORS}
 * errors, then parsing stops; a file is at most {@link #MAX_FILE_BYTES}.
 */
public final class TargetsFileParser {
    static final String HOST = "HostNameOrAddress";
    static final String PORT = "PortNumber";
    static final String NAME = "iSCSIName";
    static final String SECRET = "CHAPSecret";
    static final String CHAP_NAME = "CHAPName";
    static final String ENTRY = "entry";
    private static final String[] FIELDS = {HOST, PORT, NAME, SECRET, CHAP_NAME};

    /** Largest targets file read: far above any real one, low enough to stop a runaway FIFO. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Longest HostNameOrAddress, in bytes: a DNS name (RFC 1035) or an address literal. */
    public static final int MAX_HOST_BYTES = 253;
    /** Longest CHAPSecret and CHAPName, in bytes (an iSCSI text value, RFC 7143 §6.1). */
    public static final int MAX_CHAP_BYTES = 255;
    /** Entries accepted from one file; the entries and the duplicate index are held in memory. */
    public static final int MAX_ENTRIES = 10_000;
    /** Errors collected before the parser stops reading. */
    public static final int MAX_ERRORS = 100;

    private final IscsiName initiatorName;

    /** @param initiatorName this initiator's name: the CHAP name of entries without CHAPName */
    public TargetsFileParser(IscsiName initiatorName) {
        this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
    }

    /**
     * Reads and parses a UTF-8 targets file as a stream (a line of any length takes constant
     * memory); errors name the file by {@code path.toString()}. A file that is not UTF-8 text is
     * one error at the line and column where it stops being text.
     *
     * @throws InputFileException if the file is missing, a directory or unreadable
     */
    public ParseResult parse(Path path) throws IOException {
        try (TextSource in = TextSource.open(path, "targets file", MAX_FILE_BYTES)) {
            return parse(path.toString(), in);
        }
    }

    /**
     * Parses the text of a targets file.
     *
     * @param fileName the name used in error locations
     * @param content the whole file
     */
    public ParseResult parse(String fileName, String content) {
        try (TextSource in = TextSource.of(fileName,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE)) {
            return parse(fileName, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail to close
        }
    }

    private ParseResult parse(String fileName, TextSource in) {
        Run run = new Run(fileName);
        TargetsFileScanner scanner = new TargetsFileScanner(in, fileName);
        List<Token> pending = new ArrayList<>();
        boolean broken = false;
        boolean continued = false;
        Location continuation = null;
        int lastLine = 1;
        int lastColumn = 1;
        try {
            do {
                LineScan scan = scanner.scanLine(pending.size(), run::error);
                if (!continued && scan.tokens.isEmpty() && !scan.continues && !scan.broken) {
                    continue; // blank or comment line between entries
                }
                pending.addAll(scan.tokens);
                broken |= scan.broken;
                continued = scan.continues;
                continuation = scan.continues ? new Location(fileName, scan.line, scan.continuationColumn) : null;
                lastLine = scan.line;
                lastColumn = scan.endColumn;
                if (!continued) {
                    finishEntry(run, pending, broken, lastLine, lastColumn);
                    pending = new ArrayList<>();
                    broken = false;
                }
            } while (!scanner.atEof());
            if (continued) {
                run.error(continuation, ENTRY, "expected another line after the line continuation '\\', "
                        + "found end of file");
                finishEntry(run, pending, broken, lastLine, lastColumn);
            }
        } catch (InputFileException e) {
            run.errors.add(new TargetsFileError(scanner.position(), "file", e.problem()));
        } catch (StopParsing e) {
            // the limit is reported; the rest of the file is not read
        }
        return new ParseResult(run.entries, run.errors);
    }

    private void finishEntry(Run run, List<Token> tokens, boolean broken, int lastLine, int lastColumn) {
        if (broken) {
            return; // the lexical error is reported; field checks would only add noise
        }
        int errorsBefore = run.errors.size();
        String host = tokens.size() > 0 ? checkHost(run, tokens.get(0)) : null;
        Integer port = tokens.size() > 1 ? checkPort(run, tokens.get(1)) : null;
        IscsiName target = tokens.size() > 2 ? checkName(run, tokens.get(2)) : null;
        Optional<ChapSecretValue> secret = tokens.size() > 3 ? checkSecret(run, tokens.get(3)) : Optional.empty();
        String chapName = tokens.size() > 4 ? checkChapName(run, tokens.get(4)) : initiatorName.value();
        for (int k = 5; k < tokens.size(); k++) {
            Token extra = tokens.get(k);
            run.error(extra.location(run.fileName), ENTRY, "expected end of entry after CHAPName, found "
                    + (extra.quoted ? "an extra quoted string" : "an extra field '" + extra.excerpt() + "'"));
        }
        if (tokens.size() < 3) {
            Location end = tokens.isEmpty() ? new Location(run.fileName, lastLine, lastColumn)
                    : tokens.get(tokens.size() - 1).endLocation(run.fileName);
            run.error(end, FIELDS[tokens.size()], expectation(tokens.size()) + ", found end of entry");
        }
        if (run.errors.size() != errorsBefore) {
            return;
        }
        Location location = tokens.get(0).location(run.fileName);
        TargetsFileEntry entry = new TargetsFileEntry(host, port, target, secret, chapName, location);
        String key = portalKey(host) + "|" + port + "|" + target.value();
        TargetsFileEntry first = run.seen.putIfAbsent(key, entry);
        if (first != null) {
            run.error(location, ENTRY, "duplicate of the entry at line " + first.location().line()
                    + " (same iSCSIName '" + target.value() + "' and portal " + portal(host, port) + ")");
            return;
        }
        if (run.entries.size() == MAX_ENTRIES) {
            run.error(location, ENTRY, "more than " + MAX_ENTRIES + " entries in one file");
            throw new StopParsing();
        }
        run.entries.add(entry);
    }

    private static String checkHost(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), HOST,
                    "expected a host name or address without quotes, found a quoted string");
            return null;
        }
        String tooLong = tooLong(token, MAX_HOST_BYTES);
        if (tooLong != null) {
            run.error(token.location(run.fileName), HOST, tooLong);
            return null;
        }
        Optional<String> problem = HostSyntax.problem(token.text());
        if (problem.isPresent()) {
            run.error(token.location(run.fileName), HOST, problem.get() + ", found '" + token.excerpt() + "'");
            return null;
        }
        return HostSyntax.normalize(token.text());
    }

    private static Integer checkPort(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), PORT, "expected 1..65535, found a quoted string");
            return null;
        }
        String t = token.text();
        boolean digits = !t.isEmpty() && token.chars <= 5 && t.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        int value = digits ? Integer.parseInt(t) : -1;
        if (value < 1 || value > 65535) {
            run.error(token.location(run.fileName), PORT, "expected 1..65535, found '" + token.excerpt() + "'");
            return null;
        }
        return value;
    }

    private static IscsiName checkName(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), NAME,
                    "expected an iSCSI name without quotes, found a quoted string");
            return null;
        }
        String tooLong = tooLong(token, IscsiName.MAX_BYTES);
        if (tooLong != null) {
            run.error(token.location(run.fileName), NAME, "iSCSI name " + tooLong);
            return null;
        }
        try {
            return IscsiName.parse(token.text());
        } catch (InvalidIscsiNameException e) {
            Location at = new Location(run.fileName, token.line, token.column + e.position());
            run.error(at, NAME, e.problem() + " in '" + token.excerpt() + "'");
            return null;
        }
    }

    private static Optional<ChapSecretValue> checkSecret(Run run, Token token) {
        if (!token.quoted) {
            // never echo the word: it may be a secret typed without its quotes
            run.error(token.location(run.fileName), SECRET,
                    "expected a secret in double quotes, found an unquoted word");
            return Optional.empty();
        }
        if (token.chars == 0) {
            run.error(token.location(run.fileName), SECRET,
                    "expected at least one character between the quotes, found an empty secret");
            return Optional.empty();
        }
        String tooLong = tooLong(token, MAX_CHAP_BYTES);
        if (tooLong != null) {
            run.error(token.location(run.fileName), SECRET, tooLong); // never the secret itself
            return Optional.empty();
        }
        return Optional.of(ChapSecretValue.of(token.text()));
    }

    private static String checkChapName(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), CHAP_NAME,
                    "expected a name without quotes, found a quoted string");
            return null;
        }
        String tooLong = tooLong(token, MAX_CHAP_BYTES);
        if (tooLong != null) {
            run.error(token.location(run.fileName), CHAP_NAME, tooLong);
            return null;
        }
        int quote = token.text().indexOf('"');
        if (quote >= 0) {
            run.error(new Location(run.fileName, token.line, token.column + quote), CHAP_NAME,
                    "expected a name without '\"', found '" + token.excerpt() + "'");
            return null;
        }
        return token.text();
    }

    private static String expectation(int field) {
        switch (field) {
            case 0:
                return "expected a host name or address";
            case 1:
                return "expected 1..65535";
            default:
                return "expected an iSCSI name";
        }
    }

    /** Canonical portal text for duplicate detection: numeric form for literals. */
    static String portalKey(String host) {
        if (host.indexOf(':') >= 0 || HostSyntax.isIpv4(host)) {
            try {
                return InetAddress.getByName(host).getHostAddress(); // literal: no name lookup
            } catch (UnknownHostException e) {
                return host;
            }
        }
        return host;
    }

    static String portal(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static String fieldName(int index) {
        return index < FIELDS.length ? FIELDS[index] : ENTRY;
    }

    /** "too long (N bytes, at most M)" when {@code token} exceeds {@code limit} bytes, else null. */
    private static String tooLong(Token token, int limit) {
        return token.bytes > limit ? "too long (" + token.bytes + " bytes, at most " + limit + ")" : null;
    }

    /** Mutable state of one parse call. */
    private static final class Run {
        final String fileName;
        final List<TargetsFileEntry> entries = new ArrayList<>();
        final List<TargetsFileError> errors = new ArrayList<>();
        final Map<String, TargetsFileEntry> seen = new HashMap<>();

        Run(String fileName) {
            this.fileName = fileName;
        }

        void error(Location at, String field, String message) {
            errors.add(new TargetsFileError(at, field, message));
            if (errors.size() == MAX_ERRORS) {
                errors.add(new TargetsFileError(at, "file", "stopped after " + MAX_ERRORS + " errors"));
                throw new StopParsing();
            }
        }
    }

    /** Ends a parse at a limit; carries no stack trace. */
    private static final class StopParsing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopParsing() {
            super(null, null, false, false);
        }
    }
}
