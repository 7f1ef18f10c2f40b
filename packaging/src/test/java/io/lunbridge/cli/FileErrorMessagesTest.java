package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says about files that are missing, binary, directories or subtly wrong (issue 14 item 4). */
class FileErrorMessagesTest {
    private static final String A = "iqn.2026-11.io.lunbridge.test:a";
    private static final String SECRET = "initiator-secret-77";

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        Run r = new Run(status, out.toString(), err.toString());
        assertFalse((r.out + r.err).contains(SECRET), "a secret was printed: " + r);
        return r;
    }

    @BeforeEach
    void initiatorName() throws Exception {
        Files.writeString(tmp.resolve("initiatorname"), "InitiatorName=iqn.2026-11.io.lunbridge.test:host\n");
    }

    private Path conf(String content) throws Exception {
        return Files.writeString(tmp.resolve("lunbridge.conf"), content, StandardCharsets.UTF_8);
    }

    private Path secret(String name, String content) throws Exception {
        Path f = Files.writeString(tmp.resolve(name), content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private Run addWithSecret(Path secretFile) {
        return run("target", "add", A, "--portal", "198.18.0.2", "--chap-secret-file", secretFile.toString(),
                "--store", tmp.resolve("store.db").toString());
    }

    @Test
    void binaryTargetsFileSaysNotUtf8AtItsLineAndColumn() throws Exception {
        Path targets = tmp.resolve("targets");
        Files.write(targets, new byte[] {'1', '9', '8', (byte) 0xc3, 0x28, 0x00, 0x01});
        conf("discovery.targets-file = " + targets + "\n");
        Run r = run("discover", "--config-dir", tmp.toString());
        assertEquals(1, r.status());
        assertEquals("file (" + targets + "): error: " + targets + ":1:4: file: not UTF-8 text: byte 0xc3 at byte "
                + "offset 3 (a binary file?); expected UTF-8 text\n", r.out());
    }

    @Test
    void missingTargetsFileSaysNoSuchFile() throws Exception {
        Path targets = tmp.resolve("absent");
        conf("discovery.targets-file = " + targets + "\n");
        Run r = run("discover", "--config-dir", tmp.toString());
        assertEquals(1, r.status());
        assertEquals("file (" + targets + "): error: targets file " + targets + ": no such file\n", r.out());
    }

    @Test
    void binaryConfigurationFileSaysNotUtf8() throws Exception {
        Path c = tmp.resolve("lunbridge.conf");
        Files.write(c, new byte[] {'#', ' ', 'x', '\n', (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0});
        Run r = run("config", "show", "--config-dir", tmp.toString());
        assertEquals(1, r.status());
        assertEquals("lunbridge: error: " + c + ":2: not UTF-8 text: byte 0xff at byte offset 4 (a binary file?); "
                + "expected UTF-8 text\n", r.err());
    }

    @Test
    void byteOrderMarkAtTheStartOfTheConfigurationIsAccepted() throws Exception {
        Path c = conf("\ufeffsession.command-timeout = 7\n");
        Run r = run("config", "show", "--config-dir", tmp.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(" + c + ":1)\nsession.command-timeout = 7\n"), r.out());
    }

    @Test
    void byteOrderMarkInsideTheConfigurationIsShownEscaped() throws Exception {
        Path c = conf("session.command-timeout = 7\n\ufeffsession.keepalive-timeout = 3\n");
        Run r = run("config", "show", "--config-dir", tmp.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("lunbridge: error: " + c + ":2: unknown key '\\ufeffsession.keepalive-timeout'"),
                r.err());
    }

    @Test
    void configurationDirectoryInsteadOfFileIsNamed() throws Exception {
        Path c = Files.createDirectory(tmp.resolve("lunbridge.conf"));
        Run r = run("config", "show", "--config-dir", tmp.toString());
        assertEquals(1, r.status());
        assertEquals("lunbridge: error: configuration file " + c + ": is a directory, expected a file\n", r.err());
    }

    @Test
    void missingSecretFileSaysNoSuchFile() {
        Path missing = tmp.resolve("no-secret");
        Run r = addWithSecret(missing);
        assertEquals(1, r.status());
        assertEquals("lunbridge: error: --chap-secret-file: CHAP secret file " + missing + ": no such file\n", r.err());
    }

    @Test
    void secretPathThatIsADirectorySaysSo() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("secret.d"));
        Run r = addWithSecret(d);
        assertEquals(1, r.status());
        assertEquals("lunbridge: error: --chap-secret-file: CHAP secret file " + d
                + ": is a directory, expected a file holding the secret\n", r.err());
    }

    @Test
    void secretWithTwoTrailingNewlinesIsNamed() throws Exception {
        Path f = secret("two-newlines", SECRET + "\n\n");
        Run r = addWithSecret(f);
        assertEquals(1, r.status());
        assertEquals("lunbridge: error: --chap-secret-file: CHAP secret file " + f + ": the secret ends with a line "
                + "break (CR or LF) after the one trailing newline that is removed; remove the extra line break\n",
                r.err());
        assertEquals(0, addWithSecret(secret("one-newline", SECRET + "\n")).status(), "one newline is fine");
    }

    @Test
    void edgeBoundsEveryMessageAndSaysWhatAnErrorWithoutMessageIs() {
        String many = String.join("\n", java.util.Collections.nCopies(50, "x".repeat(1000)));
        String bounded = Main.bounded(many);
        List<String> lines = new ArrayList<>(bounded.lines().toList());
        assertEquals(Main.MAX_LINES + 1, lines.size());
        assertEquals("… and 30 more lines", lines.get(lines.size() - 1));
        assertEquals(Main.MAX_LINE_CHARS + 1, lines.get(0).length(), "cut with '…'");
        assertEquals("out of memory (Java heap space); this is a bug: please report the command that caused it",
                Main.message(new OutOfMemoryError("Java heap space")));
        assertEquals("internal error (NullPointerException); run with LUNBRIDGE_LOG_LEVEL=DEBUG for the details",
                Main.message(new NullPointerException()));
        assertEquals("a\\x00b", Main.bounded("a\0b"), "control characters are escaped");
    }

    @Test
    void loginVerbsNameTheOptionAndTheSecretFileProblem() throws Exception {
        InitiatorOptions options = new InitiatorOptions();
        options.chapFiles = new ChapFileOptions();
        Path missing = tmp.resolve("login-secret");
        options.chapFiles.chapSecretFile = missing;
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                options::chap);
        assertEquals("--chap-secret-file: CHAP secret file " + missing + ": no such file", Main.message(e));
        options.chapFiles.chapSecretFile = secret("two", SECRET + "\r\n\r\n");
        IllegalArgumentException two = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                options::chap);
        assertTrue(two.getMessage().startsWith("--chap-secret-file: CHAP secret file " + options.chapFiles.chapSecretFile
                + ": the secret ends with a line break"), two.getMessage());
    }
}
