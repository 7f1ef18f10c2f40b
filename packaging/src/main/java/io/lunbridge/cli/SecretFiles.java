package io.lunbridge.cli;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads a CHAP secret to be stored from a file (secrets are never taken from the command line,
 * where ps and shell history would show them): UTF-8 text minus one trailing newline; a file that
 * others may read is refused, as {@code Secret.fromFile} does for logins.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    static ChapSecretValue read(Path file, String option) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IllegalArgumentException(option + " " + file
                        + ": the secret file is accessible by other users; run: chmod 600 " + file);
            }
            byte[] raw = Files.readAllBytes(file);
            int n = raw.length;
            if (n > 0 && raw[n - 1] == '\n') {
                n--;
                if (n > 0 && raw[n - 1] == '\r') {
                    n--;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException(option + " " + file + ": the secret file is empty");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, 0, n)).toString();
            return ChapSecretValue.of(text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(option + " " + file + ": the secret is not valid UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read the secret: " + e, e);
        }
    }
}
