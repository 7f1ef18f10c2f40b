package io.lunbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryTest {
    @Test
    void generatesTheInitiatorNameOnceAndKeepsIt(@TempDir Path dir) throws Exception {
        ConfigDirectory config = new ConfigDirectory(dir.resolve("etc"));
        String first = config.initiatorName();
        assertTrue(first.startsWith("iqn."), first);
        assertEquals(first, config.initiatorName());
        assertEquals(first, new ConfigDirectory(dir.resolve("etc")).initiatorName());
        assertTrue(Files.readString(dir.resolve("etc/initiatorname")).contains("InitiatorName=" + first));
        assertTrue(Files.notExists(dir.resolve("etc/initiatorname.tmp")));
    }

    @Test
    void readsAHandWrittenFileAndNamesTheLineOfAnError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("initiatorname");
        assertEquals("iqn.2026-11.com.example:host1",
                ConfigDirectory.parseNameFile(f, "# comment\n\nInitiatorName=IQN.2026-11.com.example:host1\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigDirectory.parseNameFile(f, "# c\nName=foo\n"));
        assertTrue(e.getMessage().startsWith(f + ":2: expected 'InitiatorName=iqn...'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigDirectory.parseNameFile(f, "InitiatorName=iqn.2026-13.com.x:h\n"));
        assertTrue(e.getMessage().startsWith(f + ":1: InitiatorName: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigDirectory.parseNameFile(f, "# only\n"));
        assertTrue(e.getMessage().contains("no 'InitiatorName=' line"), e.getMessage());
    }

    @Test
    void nameFileOf64KibIsReadAndOneByteMoreIsRefused(@TempDir Path dir) throws Exception {
        String name = "InitiatorName=iqn.2026-11.com.example:host1\n";
        String comment = "#".repeat(ConfigDirectory.MAX_NAME_FILE_BYTES - name.length() - 1) + "\n";
        Path f = dir.resolve("initiatorname");
        Files.writeString(f, comment + name);
        assertEquals(ConfigDirectory.MAX_NAME_FILE_BYTES, Files.size(f));
        assertEquals("iqn.2026-11.com.example:host1", new ConfigDirectory(dir).initiatorName());
        Files.writeString(f, "#" + comment + name);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> new ConfigDirectory(dir).initiatorName());
        assertEquals("initiator name file " + f + ": too long (more than 65536 bytes, at most 65536)", e.getMessage());
    }

    @Test
    void binaryNameFileSaysItIsNotText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("initiatorname");
        Files.write(f, new byte[] {'I', (byte) 0xff, 0});
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> new ConfigDirectory(dir).initiatorName());
        assertEquals("initiator name file " + f + ": not UTF-8 text (a binary file?)", e.getMessage());
    }

    @Test
    void longBadLineIsQuotedAsAnExcerpt(@TempDir Path dir) {
        Path f = dir.resolve("initiatorname");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigDirectory.parseNameFile(f, "x".repeat(10_000) + "\n"));
        assertEquals(f + ":1: expected 'InitiatorName=iqn...', found '" + "x".repeat(64) + "…'", e.getMessage());
    }
}
