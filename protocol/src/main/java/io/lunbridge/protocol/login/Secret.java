package io.lunbridge.protocol.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A CHAP secret. Its bytes never leave this package and {@link #toString()} is redacted, so a
 * secret cannot reach a log, an exception message or a configuration dump by accident.
 *
 * <p>Files are read by {@link SecretFile}. Secrets shorter than 12 bytes (96 bits, RFC 7143 §12.1.3) are accepted
 * with a warning because common targets allow them.
 */
public final class Secret {
    private static final Logger LOG = LogManager.getLogger(Secret.class);
    /** Shorter secrets get a warning (RFC 7143 §12.1.3 recommends at least 96 bits). */
    public static final int RECOMMENDED_MIN_LENGTH = 12;

    private final byte[] bytes;

    private Secret(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("CHAP secret from " + source + " is empty");
        }
        if (bytes.length < RECOMMENDED_MIN_LENGTH) {
            LOG.warn("CHAP secret from {} is {} bytes long; at least {} are recommended (RFC 7143 §12.1.3)",
                    source, bytes.length, RECOMMENDED_MIN_LENGTH);
        }
        this.bytes = bytes;
    }

    /** A secret given as a configuration value (its UTF-8 bytes). */
    public static Secret of(String value) {
        return of(value, "a configuration value");
    }

    /**
     * A secret given as a configuration value (its UTF-8 bytes).
     *
     * @param source where it came from, for messages (e.g. "lunbridge.conf:12"); never the value
     */
    public static Secret of(String value, String source) {
        return new Secret(value.getBytes(StandardCharsets.UTF_8), source);
    }

    /**
     * Loads a secret from a file by the rules of {@link SecretFile}.
     *
     * @throws IOException if the file is missing, a directory or cannot be read (message names it)
     * @throws IllegalArgumentException if it is empty, too long, ends in a second line break or is
     *     accessible by others (message names the file)
     */
    public static Secret fromFile(Path file) throws IOException {
        return new Secret(SecretFile.read(file), file.toString());
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the secret's bytes; for CHAP computations in this package only. */
    byte[] bytes() {
        return bytes.clone();
    }

    /** True if both secrets have the same bytes (compared in constant time). */
    public boolean sameAs(Secret other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
