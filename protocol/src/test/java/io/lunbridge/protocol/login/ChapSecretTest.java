package io.lunbridge.protocol.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and handling CHAP secrets. */
class ChapSecretTest {
    @TempDir
    Path dir;

    private Path file(String name, String content, String perms) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void fileLosesOneTrailingNewlineOnly() throws Exception {
        assertArrayEquals("s3cret-value-1".getBytes(StandardCharsets.UTF_8),
                Secret.fromFile(file("a", "s3cret-value-1\n", "rw-------")).bytes());
        assertArrayEquals("s3cret-value-1".getBytes(StandardCharsets.UTF_8),
                Secret.fromFile(file("b", "s3cret-value-1\r\n", "rw-------")).bytes());
        assertArrayEquals("s3cret-value-1 \n".getBytes(StandardCharsets.UTF_8),
                Secret.fromFile(file("c", "s3cret-value-1 \n\n", "rw-------")).bytes());
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path p = file("empty", "\n", "rw-------");
        assertEquals("CHAP secret from " + p + " is empty",
                assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(p)).getMessage());
    }

    @Test
    void fileReadableByOthersIsRefusedGroupReadableAccepted() throws Exception {
        Path open = file("open", "s3cret-value-1", "rw-r--r--");
        assertEquals("CHAP secret file " + open + " is accessible by other users; run: chmod 600 " + open,
                assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(open)).getMessage());
        assertEquals(14, Secret.fromFile(file("group", "s3cret-value-1", "rw-r-----")).length());
    }

    @Test
    void configValueSecret() {
        assertEquals(5, Secret.of("abcde").length());
        assertThrows(IllegalArgumentException.class, () -> Secret.of(""));
    }

    @Test
    void secretsNeverShowInToString() {
        Secret s = Secret.of("very-secret-word");
        Secret t = Secret.of("other-secret-word");
        ChapCredentials c = new ChapCredentials("user", s, Optional.of(new MutualChap("iqn.x:t1", t)));
        assertEquals("Secret[redacted]", s.toString());
        assertFalse(c.toString().contains("very-secret-word"), c.toString());
        assertFalse(c.toString().contains("other-secret-word"), c.toString());
        assertTrue(c.toString().contains("Secret[redacted]"));
    }

    @Test
    void mutualChapWithTheSameSecretTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChapCredentials(null,
                Secret.of("same-secret-12"), Optional.of(new MutualChap(null, Secret.of("same-secret-12")))));
        assertTrue(e.getMessage().startsWith("mutual CHAP needs two different secrets"), e.getMessage());
        assertFalse(e.getMessage().contains("same-secret-12"));
    }

    @Test
    void emptyNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ChapCredentials.oneWay("", Secret.of("x")));
        assertThrows(IllegalArgumentException.class, () -> new MutualChap("", Secret.of("x")));
    }
}
