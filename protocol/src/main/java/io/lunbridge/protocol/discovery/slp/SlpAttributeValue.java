package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.protocol.input.Excerpt;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One attribute value as written in an SLP attribute list (RFC 2608 §5), kept in its escaped wire
 * form. The type comes from the service template, not from the text, so the value is read through a
 * typed accessor: {@link #asString()}, {@link #asInteger()}, {@link #asBoolean()} or
 * {@link #asOpaque()} (values starting with {@code \FF}).
 *
 * @param raw the escaped text, with {@code \xx} escapes for reserved characters
 */
public record SlpAttributeValue(String raw) {
    private static final String RESERVED = "(),\\!<=>~";

    /** Requires a non-empty value. */
    public SlpAttributeValue {
        Objects.requireNonNull(raw, "raw");
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("attribute value must not be empty");
        }
    }

    /** A string value, escaping reserved and control characters. */
    public static SlpAttributeValue ofString(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (RESERVED.indexOf(c) >= 0 || c < 0x20 || c == 0x7F) {
                out.append(String.format(Locale.ROOT, "\\%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return new SlpAttributeValue(out.toString());
    }

    /** An opaque value: {@code \FF} followed by every byte escaped. */
    public static SlpAttributeValue ofOpaque(byte[] bytes) {
        StringBuilder out = new StringBuilder("\\FF");
        for (byte b : bytes) {
            out.append(String.format(Locale.ROOT, "\\%02X", b & 0xFF));
        }
        return new SlpAttributeValue(out.toString());
    }

    /** True for opaque values (RFC 2608: they start with {@code \FF}). */
    public boolean isOpaque() {
        return raw.regionMatches(true, 0, "\\ff", 0, 3);
    }

    /** The unescaped text of a string value. */
    public String asString() {
        if (isOpaque()) {
            throw bad(raw, "expected a string, found an opaque value");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(unescape(raw, 0))).toString();
        } catch (CharacterCodingException e) {
            throw bad(raw, "escapes do not form valid UTF-8");
        }
    }

    /** The value as a decimal integer. */
    public int asInteger() {
        String s = asString();
        try {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw bad(raw, "expected an integer");
        }
    }

    /** The value as a boolean ({@code true} or {@code false}, any case). */
    public boolean asBoolean() {
        String s = asString();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(raw, "expected true or false");
    }

    /** The bytes of an opaque value. */
    public byte[] asOpaque() {
        if (!isOpaque()) {
            throw bad(raw, "expected an opaque value starting with \\FF");
        }
        for (int i = 3; i < raw.length(); i += 3) {
            if (raw.charAt(i) != '\\') {
                throw bad(raw, "opaque value has an unescaped character"
                        + " at position " + (i + 1));
            }
        }
        return unescape(raw, 3);
    }

    /** Decodes {@code \xx} escapes; others characters become their UTF-8 bytes. */
    private static byte[] unescape(String s, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = from; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '\\') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw bad(s, "expected two hex digits after '\\'"
                            + " at position " + (i + 1));
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    /** Characters that must be escaped inside a value. */
    static boolean reserved(char c) {
        return RESERVED.indexOf(c) >= 0;
    }

    private static SlpFormatException bad(String raw, String problem) {
        return new SlpFormatException("attribute value", SlpFormatException.UNKNOWN_OFFSET,
                "attribute value '" + Excerpt.of(raw) + "': " + problem);
    }
}
