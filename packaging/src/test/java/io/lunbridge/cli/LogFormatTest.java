package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the log format is chosen, and what each format of log4j2.xml writes. */
class LogFormatTest {
    @TempDir
    Path tmp;

    private final PrintStream savedErr = System.err;

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.clearProperty(LogFormat.PROPERTY);
        System.clearProperty("lunbridge.log.level");
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    Map<String, String> env(String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("LUNBRIDGE_CONFIG_DIR", tmp.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void journalUnderSystemdTextOtherwise() {
        assertEquals("journal", LogFormat.choose(env("JOURNAL_STREAM", "8:12345")));
        assertEquals("text", LogFormat.choose(env()));
    }

    @Test
    void environmentBeatsTheFileWhichBeatsAuto() throws Exception {
        Files.writeString(tmp.resolve("lunbridge.conf"), "log.format = json\n");
        assertEquals("json", LogFormat.choose(env("JOURNAL_STREAM", "8:1")));
        assertEquals("text", LogFormat.choose(env("JOURNAL_STREAM", "8:1", "LUNBRIDGE_LOG_FORMAT", "text")));
    }

    @Test
    void aBadValueFallsBackToTextWithAWarning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("text", LogFormat.choose(env("LUNBRIDGE_LOG_FORMAT", "xml")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("LUNBRIDGE_LOG_FORMAT: expected auto, text, journal or json, found 'xml'"));
    }

    @Test
    void aBrokenConfigurationFileDoesNotStopLogging() throws Exception {
        Files.writeString(tmp.resolve("lunbridge.conf"), "no equals sign\n");
        assertEquals("text", LogFormat.choose(env()));
    }

    /** Logs one event with a two-line message and an exception in {@code format}; returns stderr. */
    String logged(String format) {
        System.setProperty(LogFormat.PROPERTY, format);
        System.setProperty("lunbridge.log.level", "INFO");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
        Logger log = LogManager.getLogger("io.lunbridge.test.Session");
        log.info("login to {} failed\nsecond line", "iqn.2026-12.org.example:disk");
        log.warn("connection lost", new IllegalStateException("peer reset"));
        log.debug("not shown at INFO");
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void journalLinesCarryThePriorityAndNoTimestamp() {
        String[] lines = logged("journal").split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertEquals("<6>Session: login to iqn.2026-12.org.example:disk failed\\nsecond line", lines[0]);
        assertTrue(lines[1].startsWith("<4>Session: connection lost java.lang.IllegalStateException: peer reset | "),
                lines[1]);
        assertFalse(lines[1].matches(".*\\d\\d:\\d\\d:\\d\\d.*"), lines[1]);
    }

    @Test
    void jsonLinesAreOneObjectEach() {
        String[] lines = logged("json").split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        for (String l : lines) {
            assertTrue(l.startsWith("{") && l.endsWith("}"), l);
        }
        assertTrue(lines[0].contains("\"log.level\":\"INFO\""), lines[0]);
        assertTrue(lines[0].contains("\"message\":\"login to iqn.2026-12.org.example:disk failed\\nsecond line\""), lines[0]);
        assertTrue(lines[1].contains("\"error.message\":\"peer reset\""), lines[1]);
    }

    @Test
    void textIsTheTerminalFormat() {
        String out = logged("text");
        assertTrue(out.matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Session: login to .*"), out);
    }
}
