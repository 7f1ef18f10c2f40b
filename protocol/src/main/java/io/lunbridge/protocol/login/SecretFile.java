package io.lunbridge.protocol.login;

import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.input.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads the bytes of a CHAP secret from a file, for logins ({@link Secret#fromFile}) and for the
 * store alike. Rules (chosen like ssh does for private keys, but allowing group access for an admin
 * group): a missing file, a directory and a file others may read or write are refused by name; one
 * trailing newline ({@code \n} or {@code \r\n}) is removed, as an editor writes it; a secret that
 * still ends in a CR or LF after that (two trailing newlines) is refused, since a target would
 * never agree on it and the CHAP failure would give no hint; an empty secret and one longer than
 * {@link #MAX_SECRET_BYTES} are refused. Messages never contain the secret. The caller owns the
 * returned array and should clear it once used.
 */
public final class SecretFile {
    private static final Logger LOG = LogManager.getLogger(SecretFile.class);
    /** Longest secret, in bytes (an iSCSI text value, RFC 7143 §6.1; open-iscsi allows 256). */
    public static final int MAX_SECRET_BYTES = 255;
    /** Largest file read: the longest secret and its newline, with room for a stray editor's bytes. */
    static final int MAX_FILE_BYTES = 4096;

    private SecretFile() {
    }

    /**
     * The secret in {@code file}.
     *
     * @throws InputFileException if it is missing, a directory or unreadable (message names the file)
     * @throws IllegalArgumentException if it is accessible by others, empty, too long or ends in a
     *     second line break (message names the file, never the secret)
     */
    public static byte[] read(Path file) throws IOException {
        String name = "CHAP secret file " + file;
        if (Files.notExists(file)) {
            throw new InputFileException(name, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new InputFileException(name, "is a directory, expected a file holding the secret");
        }
        checkPermissions(file);
        byte[] raw = InputFiles.readAll(file, "CHAP secret file", MAX_FILE_BYTES);
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        try {
            if (n == 0) {
                throw new IllegalArgumentException(name + ": the secret is empty");
            }
            if (raw[n - 1] == '\n' || raw[n - 1] == '\r') {
                throw new IllegalArgumentException(name + ": the secret ends with a line break (CR or LF) after the "
                        + "one trailing newline that is removed; remove the extra line break");
            }
            if (n > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException(name + ": the secret is too long (" + n + " bytes, at most "
                        + MAX_SECRET_BYTES + ")");
            }
            return Arrays.copyOf(raw, n);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
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
}
