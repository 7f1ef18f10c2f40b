package io.lunbridge.cli;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.login.SecretFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a CHAP secret to be stored from a file (secrets are never taken from the command line,
 * where ps and shell history would show them), by the rules of {@link SecretFile} that logins use
 * too, plus one: a stored secret must be UTF-8 text.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    static ChapSecretValue read(Path file, String option) {
        byte[] raw;
        try {
            raw = SecretFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
            return ChapSecretValue.of(text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(option + ": CHAP secret file " + file + ": the secret is not valid UTF-8 text");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
