package io.lunbridge.protocol.naming;

import io.lunbridge.protocol.input.Excerpt;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated, normalized iSCSI name (RFC 7143 §4.2.7): {@code iqn.yyyy-mm.reversed.domain[:suffix]},
 * {@code eui.} + 16 hex digits, or {@code naa.} + 16 or 32 hex digits.
 *
 * <p>Names compare by their normalized form, so one instance per target or initiator can be used as
 * a map key whatever case the user typed. Normalization is a minimal RFC 3722 profile: ASCII is
 * lowercased, other code points go through NFKC and lowercasing one by one; the only characters
 * allowed afterwards are ASCII letters and digits, {@code -}, {@code .}, {@code :} and non-ASCII
 * letters or digits. The normalized name must fit 223 bytes of UTF-8.
 *
 * <p>Constructing one from any string normalizes and validates it; an invalid string throws an
 * {@link InvalidIscsiNameException} naming the problem and its position.
 *
 * @param value the normalized name
 */
public record IscsiName(String value) {

    /** Longest iSCSI name in bytes of UTF-8 (RFC 7143 §4.2.7.1). */
    public static final int MAX_BYTES = 223;

    /** The naming authority used for generated initiator names. */
    static final String GENERATED_AUTHORITY = "io.lunbridge";

    /** Number of random bytes appended to generated initiator names. */
    static final int GENERATED_RANDOM_BYTES = 6;

    /** The three name formats of RFC 7143 §4.2.7.3-5. */
    public enum Type {
        /** iSCSI qualified name: {@code iqn.yyyy-mm.reversed.domain[:suffix]}. */
        IQN,
        /** IEEE EUI-64 based name: {@code eui.} + 16 hex digits. */
        EUI,
        /** T11 network address authority name: {@code naa.} + 16 or 32 hex digits. */
        NAA
    }

    /** Normalizes and validates; see the type description. */
    public IscsiName {
        Objects.requireNonNull(value, "iSCSI name");
        value = IscsiNameSyntax.normalizeAndValidate(value);
    }

    /**
     * Parses a user- or peer-supplied iSCSI name.
     *
     * @throws InvalidIscsiNameException (an {@link IllegalArgumentException}) naming the problem and
     *     its position, e.g. {@code iSCSI name 'iqn.2026-13.com.x': month 13 out of range 01..12}
     */
    public static IscsiName parse(String text) {
        return new IscsiName(text);
    }

    /** The name's format, from its prefix. */
    public Type type() {
        if (value.startsWith("iqn.")) {
            return Type.IQN;
        }
        return value.startsWith("eui.") ? Type.EUI : Type.NAA;
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * Generates a fresh initiator name for this host from the current month, the local host name
     * and 48 random bits, e.g. {@code iqn.2026-11.io.lunbridge:db01-3fa29c0b11e2}.
     */
    public static IscsiName generateInitiatorName() {
        byte[] random = new byte[GENERATED_RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        return generateInitiatorName(YearMonth.now(Clock.systemUTC()), localHostName(), random);
    }

    /**
     * Pure form of {@link #generateInitiatorName()}: {@code iqn.<month>.io.lunbridge:<host>-<hex>}.
     * The host name is lowercased, characters an iSCSI name cannot hold become {@code -}, and it is
     * shortened when the whole name would exceed {@link #MAX_BYTES}; an empty host name becomes
     * {@code host}.
     *
     * @param month the month written into the naming-authority date
     * @param hostName the host name (not resolved)
     * @param random the random bytes, written as lowercase hex; at least one byte
     */
    public static IscsiName generateInitiatorName(YearMonth month, String hostName, byte[] random) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(hostName, "hostName");
        if (random.length == 0) {
            throw new IllegalArgumentException("random: expected at least 1 byte, found 0");
        }
        if (month.getYear() < 1000 || month.getYear() > 9999) {
            throw new IllegalArgumentException("month: expected a four-digit year, found " + month);
        }
        String prefix = String.format(Locale.ROOT, "iqn.%04d-%02d.%s:",
                month.getYear(), month.getMonthValue(), GENERATED_AUTHORITY);
        String suffix = "-" + HexFormat.of().formatHex(random);
        String host = sanitizeHostName(hostName);
        int room = MAX_BYTES - prefix.length() - suffix.length();
        if (room < 1) {
            throw new IllegalArgumentException("random: " + random.length
                    + " bytes leave no room for the host name in " + MAX_BYTES + " bytes");
        }
        if (host.length() > room) {
            host = host.substring(0, room);
        }
        return new IscsiName(prefix + host + suffix);
    }

    private static String sanitizeHostName(String hostName) {
        StringBuilder out = new StringBuilder(hostName.length());
        for (char c : hostName.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            out.append(ok ? c : '-');
        }
        return out.length() == 0 ? "host" : out.toString();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "host";
        }
    }

    /** The RFC 3722-profile mapping and the RFC 7143 format rules, kept apart from the value type. */
    static final class IscsiNameSyntax {
        private IscsiNameSyntax() {
        }

        static String normalizeAndValidate(String input) {
            if (input.isEmpty()) {
                throw new InvalidIscsiNameException(input, "empty name", 0);
            }
            if (input.length() > 4 * MAX_BYTES) {
                // NFKC can shrink a character to a third of its bytes at most; this is far past it
                throw tooLong(input);
            }
            StringBuilder out = new StringBuilder(Math.min(input.length(), MAX_BYTES + 1));
            // every output char costs at least one UTF-8 byte, so MAX_BYTES bounds the output length
            int[] origin = new int[MAX_BYTES + 1];
            int bytes = 0;
            for (int i = 0; i < input.length(); ) {
                int cp = input.codePointAt(i);
                String mapped = map(cp);
                for (int j = 0; j < mapped.length(); ) {
                    int m = mapped.codePointAt(j);
                    if (!allowed(m)) {
                        throw new InvalidIscsiNameException(input, String.format(Locale.ROOT,
                                "character '%s' (U+%04X) not allowed", new String(Character.toChars(cp)),
                                cp), i);
                    }
                    bytes += new String(Character.toChars(m)).getBytes(StandardCharsets.UTF_8).length;
                    if (bytes > MAX_BYTES) {
                        throw tooLong(input);
                    }
                    origin[out.length()] = i;
                    if (Character.charCount(m) == 2) {
                        origin[out.length() + 1] = i;
                    }
                    out.appendCodePoint(m);
                    j += Character.charCount(m);
                }
                i += Character.charCount(cp);
            }
            String name = out.toString();
            validateFormat(input, name, origin);
            return name;
        }

        private static InvalidIscsiNameException tooLong(String input) {
            return new InvalidIscsiNameException(input, "too long (" + Excerpt.utf8Length(input)
                    + " bytes, at most " + MAX_BYTES + ")", 0);
        }

        private static String map(int cp) {
            if (cp < 0x80) {
                return cp >= 'A' && cp <= 'Z' ? String.valueOf((char) (cp + 32))
                        : String.valueOf((char) cp);
            }
            String nfkc = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            return nfkc.toLowerCase(Locale.ROOT);
        }

        private static boolean allowed(int cp) {
            if (cp < 0x80) {
                return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')
                        || cp == '-' || cp == '.' || cp == ':';
            }
            return Character.isLetterOrDigit(cp);
        }

        private static void validateFormat(String input, String name, int[] origin) {
            if (name.startsWith("iqn.")) {
                validateIqn(input, name, origin);
            } else if (name.startsWith("eui.")) {
                validateHex(input, name, origin, 16, 16);
            } else if (name.startsWith("naa.")) {
                validateHex(input, name, origin, 16, 32);
            } else {
                throw new InvalidIscsiNameException(input,
                        "expected type prefix 'iqn.', 'eui.' or 'naa.'", 0);
            }
        }

        private static void validateHex(String input, String name, int[] origin, int len1, int len2) {
            String digits = name.substring(4);
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    throw new InvalidIscsiNameException(input, "expected a hex digit after '"
                            + name.substring(0, 4) + "', found '" + c + "'", origin[4 + i]);
                }
            }
            if (digits.length() != len1 && digits.length() != len2) {
                String expected = len1 == len2 ? String.valueOf(len1) : len1 + " or " + len2;
                int at = digits.length() > len2 ? 4 + len2 : name.length();
                throw new InvalidIscsiNameException(input, "expected " + expected + " hex digits after '"
                        + name.substring(0, 4) + "', found " + digits.length(), pos(origin, name, at));
            }
        }

        private static void validateIqn(String input, String name, int[] origin) {
            // iqn.yyyy-mm.reversed.domain[:suffix]
            for (int i = 4; i < 8; i++) {
                if (i >= name.length() || !isDigit(name.charAt(i))) {
                    throw new InvalidIscsiNameException(input, "expected a four-digit year after 'iqn.'",
                            pos(origin, name, i));
                }
            }
            if (name.length() <= 8 || name.charAt(8) != '-') {
                throw new InvalidIscsiNameException(input, "expected '-' after the year",
                        pos(origin, name, 8));
            }
            for (int i = 9; i < 11; i++) {
                if (i >= name.length() || !isDigit(name.charAt(i))) {
                    throw new InvalidIscsiNameException(input, "expected a two-digit month after the year",
                            pos(origin, name, i));
                }
            }
            int month = Integer.parseInt(name.substring(9, 11));
            if (month < 1 || month > 12) {
                throw new InvalidIscsiNameException(input,
                        "month " + name.substring(9, 11) + " out of range 01..12", origin[9]);
            }
            if (name.length() <= 11 || name.charAt(11) != '.') {
                throw new InvalidIscsiNameException(input,
                        "expected '.' and the reversed domain name after the date", pos(origin, name, 11));
            }
            int colon = name.indexOf(':');
            int end = colon < 0 ? name.length() : colon;
            int labelStart = 12;
            for (int i = 12; i <= end; i++) {
                if (i == end || name.charAt(i) == '.') {
                    if (i == labelStart) {
                        throw new InvalidIscsiNameException(input,
                                "empty label in the reversed domain name", pos(origin, name, i));
                    }
                    labelStart = i + 1;
                } else if (!(Character.isLetterOrDigit(name.codePointAt(i)) || name.charAt(i) == '-')) {
                    throw new InvalidIscsiNameException(input, "character '" + name.charAt(i)
                            + "' not allowed in the reversed domain name", origin[i]);
                }
            }
        }

        private static int pos(int[] origin, String name, int index) {
            return index < name.length() ? origin[index] : origin[name.length() - 1] + 1;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
