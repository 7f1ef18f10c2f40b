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
        assertArrayEquals("s3cret-value-1 ".getBytes(StandardCharsets.UTF_8),
                Secret.fromFile(file("c", "s3cret-value-1 \n", "rw-------")).bytes());
    }

    @Test
    void secondTrailingLineBreakIsNamedNotSentToTheTarget() throws Exception {
        for (String tail : new String[] {"\n\n", "\r\n\r\n", "\r", "\r\r\n"}) {
            Path p = file("two" + tail.length(), "s3cret-value-1" + tail, "rw-------");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(p));
            assertEquals("CHAP secret file " + p + ": the secret ends with a line break (CR or LF) after the one "
                    + "trailing newline that is removed; remove the extra line break", e.getMessage());
        }
    }

    @Test
    void missingFileAndDirectoryAreNamed() throws Exception {
        Path missing = dir.resolve("missing");
        assertEquals("CHAP secret file " + missing + ": no such file",
                assertThrows(java.io.IOException.class, () -> Secret.fromFile(missing)).getMessage());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("CHAP secret file " + sub + ": is a directory, expected a file holding the secret",
                assertThrows(java.io.IOException.class, () -> Secret.fromFile(sub)).getMessage());
    }

    @Test
    void secretOf255BytesIsAcceptedAnd256IsRefusedWithoutShowingIt() throws Exception {
        assertEquals(255, Secret.fromFile(file("max", "k".repeat(255) + "\n", "rw-------")).length());
        Path over = file("over", "k".repeat(256) + "\n", "rw-------");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(over));
        assertEquals("CHAP secret file " + over + ": the secret is too long (256 bytes, at most 255)", e.getMessage());
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[10 * 1024 * 1024]);
        Files.setPosixFilePermissions(huge, PosixFilePermissions.fromString("rw-------"));
        java.io.IOException h = assertThrows(java.io.IOException.class, () -> Secret.fromFile(huge));
        assertEquals("CHAP secret file " + huge + ": too long (more than 4096 bytes, at most 4096)", h.getMessage());
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path p = file("empty", "\n", "rw-------");
        assertEquals("CHAP secret file " + p + ": the secret is empty",
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
