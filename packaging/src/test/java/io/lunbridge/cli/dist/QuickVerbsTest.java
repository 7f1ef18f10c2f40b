package io.lunbridge.cli.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * packaging/src/dist/quick-verbs, the verbs the launchers start with the quick compiler only, names
 * only verbs lunbridge has (or its help and version options), and never one that moves data for hours.
 */
class QuickVerbsTest {
    private static final Path FILE = Path.of("src/dist/quick-verbs");

    @Test
    void namesOnlyShortVerbsThatExist() throws IOException {
        Set<String> verbs = Main.commandLine().getSubcommands().keySet();
        Set<String> options = Set.of("--version", "-V", "--help", "-h");
        List<String> lines = Files.readAllLines(FILE).stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(lines.contains("luns") && lines.contains("--version"), FILE + ": " + lines);
        for (String v : lines) {
            assertTrue(verbs.contains(v) || options.contains(v), FILE + ": '" + v + "' is not a verb of lunbridge");
        }
        assertFalse(lines.contains("serve") || lines.contains("attach"),
                FILE + ": serve and attach need the optimising compiler");
    }
}
