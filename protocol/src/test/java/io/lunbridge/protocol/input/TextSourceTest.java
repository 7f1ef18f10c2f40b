package io.lunbridge.protocol.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict, bounded UTF-8 text source and the excerpt used in messages. */
class TextSourceTest {
    private static String readAll(byte[] bytes, long max) throws InputFileException {
        TextSource in = TextSource.of("f", new ByteArrayInputStream(bytes), max);
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void fileOfExactlyTheLimitIsReadAndOneByteMoreIsRefused() throws Exception {
        byte[] max = "a".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertEquals(100, readAll(max, 100).length());
        InputFileException e = assertThrows(InputFileException.class, () -> readAll("a".repeat(101).getBytes(), 100));
        assertEquals("f: too large (more than 100 bytes, at most 100)", e.getMessage());
    }

    @Test
    void multiByteCharactersAcrossChunkBoundariesAreDecoded() throws Exception {
        String text = "x".repeat(8191) + "é" + "y".repeat(8190) + "€😀";
        assertEquals(text, readAll(text.getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE));
    }

    @Test
    void byteOrderMarkIsSkippedOnlyAtTheStart() throws Exception {
        assertEquals("a\ufeffb", readAll("\ufeffa\ufeffb".getBytes(StandardCharsets.UTF_8), 100));
    }

    @Test
    void truncatedCharacterAtTheEndIsNotText() {
        InputFileException e = assertThrows(InputFileException.class, () -> readAll(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, 100));
        assertEquals("not UTF-8 text: byte 0xe2 at byte offset 1 (a binary file?); expected UTF-8 text", e.problem());
    }

    @Test
    void excerptCutsAtSixtyFourCharactersAndEscapesInvisibleOnes() {
        assertEquals("x".repeat(64) + "…", Excerpt.of("x".repeat(65)));
        assertEquals("x".repeat(64), Excerpt.of("x".repeat(64)));
        assertEquals("\\ufeffkey\\x09\\x00", Excerpt.of("\ufeffkey\t\0"));
        assertEquals(4, Excerpt.utf8Length("😀"));
        assertEquals(3, Excerpt.utf8Length("€"));
    }
}
