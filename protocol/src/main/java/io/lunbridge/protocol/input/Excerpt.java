package io.lunbridge.protocol.input;

/**
 * The part of a bad value an error message may quote: at most {@link #MAX_CHARS} characters and
 * "…" when it was longer, with control and invisible characters (a NUL, a tab, a UTF-8 byte-order
 * mark) written as {@code \xNN} / {@code \}{@code uNNNN} so that the user sees what is really there.
 * Never pass a secret: an excerpt shortens a value, it does not hide it.
 */
public final class Excerpt {
    /** Characters of the value kept in an excerpt. */
    public static final int MAX_CHARS = 64;

    private Excerpt() {
    }

    /** The excerpt of {@code value} (null gives "null"). */
    public static String of(CharSequence value) {
        return of(value, MAX_CHARS);
    }

    /** {@code value} escaped and cut to {@code maxChars} characters of it, with "…" when cut. */
    public static String of(CharSequence value, int maxChars) {
        if (value == null) {
            return "null";
        }
        int n = Math.min(value.length(), maxChars);
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (invisible(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > maxChars) {
            sb.append('…');
        }
        return sb.toString();
    }

    private static boolean invisible(char c) {
        return c == '\ufeff' || c == '\u00a0' || (c >= '\u200b' && c <= '\u200f') || (c >= '\u2028' && c <= '\u202e')
                || (c >= '\u2060' && c <= '\u2064');
    }

    /** Bytes of UTF-8 that the UTF-16 unit {@code c} stands for (a surrogate counts half of its pair's 4). */
    public static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        return Character.isSurrogate(c) ? 2 : 3;
    }

    /** Bytes of UTF-8 of {@code s}, computed without encoding it. */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += utf8Length(s.charAt(i));
        }
        return n;
    }
}
