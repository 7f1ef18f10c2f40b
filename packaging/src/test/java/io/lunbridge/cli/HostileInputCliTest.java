package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files given to the real CLI in a child JVM with the heap bin/lunbridge gives it (64 MiB,
 * SerialGC): a clear one-line error and exit status 1, never a stack trace or an OutOfMemoryError.
 * The same runs are repeated with a 24 MiB heap to show that the 64 MiB one is not near its limit.
 */
class HostileInputCliTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final String INITIATOR = "iqn.2026-11.io.lunbridge.test:host";

    @TempDir
    Path dir;

    record Child(int status, String out, String err) {
    }

    @BeforeEach
    void initiatorName() throws IOException {
        Files.writeString(dir.resolve("initiatorname"), "InitiatorName=" + INITIATOR + "\n");
    }

    private Child lunbridge(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms16m", "-Xmx" + heap, "-Xss512k", "-Dlunbridge.log.level=WARN",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "hang guard: the child did not finish in 120 s");
        } finally {
            p.destroyForcibly();
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void noStackTrace(Child c) {
        for (String s : List.of(c.out(), c.err())) {
            assertFalse(s.contains("OutOfMemoryError"), s);
            assertFalse(s.contains("\tat "), "stack trace: " + s);
            assertFalse(s.contains("Exception"), s);
        }
    }

    /** Writes {@code prefix}, then {@code unit} repeated to 10 MiB, then a newline, without holding it in memory. */
    private Path tenMegabyteLine(String name, String prefix, String unit) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = unit.repeat(4096 / unit.length()).getBytes(StandardCharsets.US_ASCII);
            for (int n = 0; n < TEN_MB; n += chunk.length) {
                o.write(chunk);
            }
            o.write('\n');
        }
        return file;
    }

    private Path tenMegabyteNameLine() throws IOException {
        return tenMegabyteLine("targets", "198.18.128.1 3260     ", "iqn.");
    }

    @Test
    void discoverWithATenMegabyteTargetsLineSaysNameTooLong() throws Exception {
        Path targets = tenMegabyteNameLine();
        Files.writeString(dir.resolve("lunbridge.conf"), "discovery.policy = file\ndiscovery.targets-file = "
                + targets + "\n");
        for (String heap : List.of("64m", "24m")) {
            Child c = lunbridge(heap, "discover", "--config-dir", dir.toString());
            noStackTrace(c);
            assertEquals(1, c.status(), c.toString());
            assertEquals("file (" + targets + "): error: " + targets
                    + ":1:23: iSCSIName: iSCSI name too long (10485760 bytes, at most 223)\n", c.out(), heap);
        }
    }

    @Test
    void targetImportOfATenMegabyteLineIsOneLine() throws Exception {
        Path targets = tenMegabyteNameLine();
        Child c = lunbridge("64m", "target", "import", targets.toString(), "--store", dir.resolve("s.db").toString(),
                "--initiator-name", INITIATOR);
        noStackTrace(c);
        assertEquals(1, c.status(), c.toString());
        assertTrue(c.err().startsWith("lunbridge: error: 1 error in targets file " + targets), c.err());
        assertTrue(c.err().contains(":1:23: iSCSIName: iSCSI name too long (10485760 bytes, at most 223)"), c.err());
        assertTrue(c.err().length() < 400, c.err());
    }

    @Test
    void tenMegabyteConfigValueIsOneLine() throws Exception {
        Path conf = tenMegabyteLine("lunbridge.conf", "session.command-timeout = ", "9");
        for (String heap : List.of("64m", "24m")) {
            Child c = lunbridge(heap, "config", "show", "--config-dir", dir.toString());
            noStackTrace(c);
            assertEquals(1, c.status(), c.toString());
            assertEquals("lunbridge: error: " + conf + ":1: session.command-timeout: value too long (10485760 bytes, "
                    + "at most 4096)\n", c.err(), heap);
        }
    }
}
