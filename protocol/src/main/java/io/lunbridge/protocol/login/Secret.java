package io.lunbridge.protocol.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A CHAP secret. Its bytes never leave this package and {@link #toString()} is redacted, so a
 * secret cannot reach a log, an exception message or a configuration dump by accident.
 *
 * <p>Loading rules (chosen like ssh does for private keys, but allowing group access for an admin
 * group): the file must not be empty; one trailing newline ({@code \n} or {@code \r\n}) is removed,
 * nothing else; a file readable or writable by "others" is refused; a group-readable file is
 * accepted with a warning. Secrets shorter than 12 bytes (96 bits, RFC 7143 §12.1.3) are accepted
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
     * Loads a secret from a file: its bytes minus one trailing newline.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is empty or accessible by others (message names the file)
     */
    public static Secret fromFile(Path file) throws IOException {
        checkPermissions(file);
        byte[] raw = Files.readAllBytes(file);
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        return new Secret(Arrays.copyOf(raw, n), file.toString());
    }

    private static void checkPermissions(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException("CHAP secret file " + file
                    + " is accessible by other users; run: chmod 600 " + file);
        }
        if (perms.contains(PosixFilePermission.GROUP_READ)) {
            LOG.warn("CHAP secret file {} is readable by its group; consider chmod 600", file);
        }
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
