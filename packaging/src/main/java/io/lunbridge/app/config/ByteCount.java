package io.lunbridge.app.config;

import io.lunbridge.protocol.input.Excerpt;
import java.util.Locale;

/** A size in bytes as a configuration value: digits with an optional binary suffix k, m or g. */
final class ByteCount {
    private ByteCount() {
    }

    /**
     * Parses "8388608", "8192k", "8m", "1g" (case-insensitive; binary multiples).
     *
     * @throws IllegalArgumentException naming the value and what was expected, or if it lies outside
     *     {@code min..max}
     */
    static long parse(String value, long min, long max) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> mult = 1L << 10;
                case 'm' -> mult = 1L << 20;
                case 'g' -> mult = 1L << 30;
                default -> mult = 1;
            }
        }
        String digits = mult == 1 ? v : v.substring(0, v.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a size in bytes (e.g. 8m, 65536k, 8388608), found '"
                    + Excerpt.of(value) + "'");
        }
        if (n < 0 || n > max / mult || n * mult < min) {
            throw new IllegalArgumentException("expected " + min + ".." + max + " bytes, found '" + Excerpt.of(value) + "'");
        }
        return n * mult;
    }
}
