package io.lunbridge.bridge.seam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.bridge.nbd.NbdServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seam between exporters and the engine, enforced by the build (design.md: the bridge sees
 * only {@code BlockDevice}). Every compiled class of the bridge may refer to the {@code
 * io.lunbridge.block} types and to itself, never to the iSCSI engine, the multipath layer or the
 * application; and nothing it names or says at run time speaks SCSI. The seam types themselves
 * refer to nothing else of lunbridge. Class files are read rather than sources, so a fully
 * qualified reference counts as much as an import.
 */
class SeamTest {
    private static final List<String> FORBIDDEN_IN_BRIDGE = List.of(
            "io/lunbridge/protocol/", "io/lunbridge/mpio/", "io/lunbridge/app/", "io/lunbridge/cli/");

    @Test
    void theBridgeRefersToTheSeamTypesOnly() throws Exception {
        Map<String, byte[]> classes = classesUnder(NbdServer.class, "io/lunbridge/bridge/");
        assertTrue(classes.size() > 50, "the bridge's classes were found: " + classes.size());
        List<String> violations = new ArrayList<>();
        classes.forEach((name, bytes) -> {
            for (String forbidden : FORBIDDEN_IN_BRIDGE) {
                if (contains(bytes, forbidden)) {
                    violations.add(name + " refers to " + forbidden);
                }
            }
            if (latin1(bytes).toLowerCase(Locale.ROOT).contains("scsi")) {
                violations.add(name + " names or says SCSI");
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void theSeamTypesReferToNothingElseOfLunbridge() throws Exception {
        Map<String, byte[]> classes = classesUnder(BlockDevice.class, "io/lunbridge/block/");
        assertTrue(classes.containsKey("io/lunbridge/block/BlockDevice.class"), classes.keySet().toString());
        List<String> violations = new ArrayList<>();
        classes.forEach((name, bytes) -> {
            String text = latin1(bytes).replace("io/lunbridge/block/", "");
            if (text.contains("io/lunbridge/")) {
                violations.add(name + " refers to lunbridge outside io.lunbridge.block");
            }
        });
        assertEquals(List.of(), violations);
    }

    /** The check can fail: the engine's own classes break the bridge's rule. */
    @Test
    void theCheckSeesAReferenceWhereThereIsOne() throws Exception {
        Map<String, byte[]> engine = classesUnder(BlockDevice.class, "io/lunbridge/protocol/session/");
        assertFalse(engine.isEmpty(), "the engine's classes were found");
        assertTrue(engine.values().stream().anyMatch(b -> contains(b, "io/lunbridge/protocol/")));
        assertTrue(engine.values().stream().anyMatch(b -> latin1(b).toLowerCase(Locale.ROOT).contains("scsi")));
    }

    /** Class files under {@code prefix} in the directory or jar that holds {@code anchor}. */
    private static Map<String, byte[]> classesUnder(Class<?> anchor, String prefix)
            throws IOException, URISyntaxException {
        Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> out = new java.util.TreeMap<>();
        if (Files.isDirectory(source)) {
            collect(source, prefix, out);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(source)) {
                collect(jar.getPath("/"), prefix, out);
            }
        }
        return out;
    }

    private static void collect(Path root, String prefix, Map<String, byte[]> out) throws IOException {
        Path dir = root.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
    }

    private static boolean contains(byte[] bytes, String utf8) {
        return latin1(bytes).contains(utf8);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
