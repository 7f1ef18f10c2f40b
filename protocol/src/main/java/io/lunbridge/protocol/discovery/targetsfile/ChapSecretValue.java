package io.lunbridge.protocol.discovery.targetsfile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CHAP secret read from (or written to) a targets file. It exists so that the secret can travel
 * inside entries, lists and exceptions without ever being printed: {@link #toString()} is redacted
 * and only {@link #reveal()} gives the text, for the CHAP computation and the file writer.
 *
 * <p>Deliberately minimal: the login package owns the CHAP secret type used during
 * authentication; this value is converted to it where the two meet.
 */
public final class ChapSecretValue {
    private final String secret;

    private ChapSecretValue(String secret) {
        this.secret = secret;
    }

    /**
     * Wraps a secret.
     *
     * @throws IllegalArgumentException if it is empty (the message never contains the secret)
     */
    public static ChapSecretValue of(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("CHAP secret must not be empty");
        }
        return new ChapSecretValue(secret);
    }

    /** The secret text. Never log or print the result. */
    public String reveal() {
        return secret;
    }

    /** Number of characters, for checks that must not show the text. */
    public int length() {
        return secret.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChapSecretValue
                && MessageDigest.isEqual(bytes(), ((ChapSecretValue) o).bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    private byte[] bytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ChapSecretValue[redacted]";
    }
}
