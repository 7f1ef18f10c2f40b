package io.lunbridge.protocol.discovery.targetsfile;

import io.lunbridge.protocol.naming.InvalidIscsiNameException;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Every problem is collected as a {@link TargetsFileError}; secrets never appear in them.
 * Two entries with the same target name and portal are an error naming both lines.
 */
public final class TargetsFileParser {
    static final String HOST = "HostNameOrAddress";
    static final String PORT = "PortNumber";
    static final String NAME = "iSCSIName";
    static final String SECRET = "CHAPSecret";
    static final String CHAP_NAME = "CHAPName";
    static final String ENTRY = "entry";
    private static final String[] FIELDS = {HOST, PORT, NAME, SECRET, CHAP_NAME};

    private final IscsiName initiatorName;

    /** @param initiatorName this initiator's name: the CHAP name of entries without CHAPName */
    public TargetsFileParser(IscsiName initiatorName) {
        this.initiatorName = Objects.requireNonNull(initiatorName, "initiatorName");
    }

    /** Reads and parses a UTF-8 targets file; errors name the file by {@code path.toString()}. */
    public ParseResult parse(Path path) throws IOException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Parses the text of a targets file.
     *
     * @param fileName the name used in error locations
     * @param content the whole file
     */
    public ParseResult parse(String fileName, String content) {
        Run run = new Run(fileName);
        String[] lines = content.split("\n", -1);
        List<Token> pending = new ArrayList<>();
        boolean broken = false;
        boolean continued = false;
        Location continuation = null;
        int lastLine = 1;
        int lastColumn = 1;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
            int lineNo = n + 1;
            LineScan scan = scanLine(run, line, lineNo, pending.size());
            if (!continued && scan.tokens.isEmpty() && !scan.continues && !scan.broken) {
                continue; // blank or comment line between entries
            }
            pending.addAll(scan.tokens);
            broken |= scan.broken;
            continued = scan.continues;
            continuation = scan.continues ? new Location(fileName, lineNo, scan.continuationColumn) : null;
            lastLine = lineNo;
            lastColumn = scan.endColumn;
            if (!continued) {
                finishEntry(run, pending, broken, lastLine, lastColumn);
                pending = new ArrayList<>();
                broken = false;
            }
        }
        if (continued) {
            run.error(continuation, ENTRY, "expected another line after the line continuation '\\', "
                    + "found end of file");
            finishEntry(run, pending, broken, lastLine, lastColumn);
        }
        return new ParseResult(run.entries, run.errors);
    }

    private LineScan scanLine(Run run, String line, int lineNo, int fieldsBefore) {
        LineScan scan = new LineScan();
        int i = 0;
        int len = line.length();
        while (i < len) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            String field = fieldName(fieldsBefore + scan.tokens.size());
            Location at = new Location(run.fileName, lineNo, i + 1);
            if (c == '#') {
                break;
            }
            if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    run.error(at, field, "expected a closing '\"' on the same line, found end of line");
                    scan.broken = true;
                    break;
                }
                if (close + 1 < len && !isBlank(line.charAt(close + 1))) {
                    run.error(new Location(run.fileName, lineNo, close + 2), field,
                            "expected a space, a tab or end of line after the closing '\"'");
                    scan.broken = true;
                    break;
                }
                scan.tokens.add(new Token(line.substring(i + 1, close), true, at));
                i = close + 1;
                continue;
            }
            if (c == '\\') {
                if (restIsBlank(line, i + 1)) {
                    scan.continues = true;
                    scan.continuationColumn = i + 1;
                    break;
                }
                run.error(at, field, "expected '\\' only as the last character of a line (line "
                        + "continuation), found it before more text");
                scan.broken = true;
                break;
            }
            int end = i;
            while (end < len && !isBlank(line.charAt(end))) {
                end++;
            }
            String word = line.substring(i, end);
            if (word.endsWith("\\") && restIsBlank(line, end)) {
                scan.tokens.add(new Token(word.substring(0, word.length() - 1), false, at));
                scan.continues = true;
                scan.continuationColumn = end;
                break;
            }
            scan.tokens.add(new Token(word, false, at));
            i = end;
        }
        scan.endColumn = scan.tokens.isEmpty() ? 1 : scan.tokens.get(scan.tokens.size() - 1).end();
        return scan;
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
                    + (extra.quoted ? "an extra quoted string" : "an extra field '" + extra.text + "'"));
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
        run.entries.add(entry);
    }

    private static String checkHost(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), HOST,
                    "expected a host name or address without quotes, found a quoted string");
            return null;
        }
        Optional<String> problem = HostSyntax.problem(token.text);
        if (problem.isPresent()) {
            run.error(token.location(run.fileName), HOST, problem.get() + ", found '" + token.text + "'");
            return null;
        }
        return HostSyntax.normalize(token.text);
    }

    private static Integer checkPort(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), PORT, "expected 1..65535, found a quoted string");
            return null;
        }
        String t = token.text;
        boolean digits = !t.isEmpty() && t.length() <= 5 && t.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        int value = digits ? Integer.parseInt(t) : -1;
        if (value < 1 || value > 65535) {
            run.error(token.location(run.fileName), PORT, "expected 1..65535, found '" + t + "'");
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
        try {
            return IscsiName.parse(token.text);
        } catch (InvalidIscsiNameException e) {
            Location at = new Location(run.fileName, token.line, token.column + e.position());
            run.error(at, NAME, e.problem() + " in '" + token.text + "'");
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
        if (token.text.isEmpty()) {
            run.error(token.location(run.fileName), SECRET,
                    "expected at least one character between the quotes, found an empty secret");
            return Optional.empty();
        }
        return Optional.of(ChapSecretValue.of(token.text));
    }

    private static String checkChapName(Run run, Token token) {
        if (token.quoted) {
            run.error(token.location(run.fileName), CHAP_NAME,
                    "expected a name without quotes, found a quoted string");
            return null;
        }
        int quote = token.text.indexOf('"');
        if (quote >= 0) {
            run.error(new Location(run.fileName, token.line, token.column + quote), CHAP_NAME,
                    "expected a name without '\"', found '" + token.text + "'");
            return null;
        }
        return token.text;
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

    private static String fieldName(int index) {
        return index < FIELDS.length ? FIELDS[index] : ENTRY;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean restIsBlank(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            if (!isBlank(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** One field as written: its text (without quotes) and where it starts. */
    private static final class Token {
        final String text;
        final boolean quoted;
        final int line;
        final int column;

        Token(String text, boolean quoted, Location at) {
            this.text = text;
            this.quoted = quoted;
            this.line = at.line();
            this.column = at.column();
        }

        Location location(String file) {
            return new Location(file, line, column);
        }

        int end() {
            return column + text.length() + (quoted ? 2 : 0);
        }

        Location endLocation(String file) {
            return new Location(file, line, end());
        }
    }

    /** What one physical line contributed to the current entry. */
    private static final class LineScan {
        final List<Token> tokens = new ArrayList<>();
        boolean continues;
        int continuationColumn;
        boolean broken;
        int endColumn;
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
        }
    }
}
