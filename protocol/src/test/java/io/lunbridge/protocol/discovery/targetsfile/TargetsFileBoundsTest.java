package io.lunbridge.protocol.discovery.targetsfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.input.InputFileException;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bound of the targets-file parser, one byte under and one over, and files that are not text. */
class TargetsFileBoundsTest {
    private static final String PREFIX = "iqn.2026-11.test.lunbridge:";
    private final TargetsFileParser parser = new TargetsFileParser(TargetsFileParserTest.INITIATOR);

    @TempDir
    Path dir;

    private List<String> errors(String content) {
        return parser.parse("t", content).errors().stream().map(TargetsFileError::toString)
                .collect(Collectors.toList());
    }

    private static String name(int bytes) {
        return PREFIX + "a".repeat(bytes - PREFIX.length());
    }

    @Test
    void iscsiNameOf223BytesIsAcceptedAnd224IsRefusedWithLengthAndLimit() {
        assertEquals(List.of(), errors("h 3260 " + name(223) + "\n"));
        assertEquals(List.of("t:1:8: iSCSIName: iSCSI name too long (224 bytes, at most 223)"),
                errors("h 3260 " + name(224) + "\n"));
    }

    @Test
    void tenMegabyteLineNamesTheLengthAndTheLimitAndQuotesNothing() throws IOException {
        Path file = dir.resolve("targets");
        int length = 10 * 1024 * 1024;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("198.18.128.1 3260     ".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "iqn.".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            for (int written = 0; written < length; written += chunk.length) {
                out.write(chunk);
            }
            out.write("\n".getBytes(StandardCharsets.US_ASCII));
        }
        ParseResult result = parser.parse(file);
        List<String> errors = result.errors().stream().map(TargetsFileError::toString).collect(Collectors.toList());
        assertEquals(List.of(file + ":1:23: iSCSIName: iSCSI name too long (10485760 bytes, at most 223)"), errors);
        TargetsFileException e = assertThrows(TargetsFileException.class, result::entries);
        assertEquals(errors.get(0), e.getMessage(), "one error is one line");
    }

    @Test
    void hostOf253BytesPassesTheLengthCheckAnd254IsRefused() {
        String label = "a".repeat(63);
        String host253 = label + "." + label + "." + label + "." + "a".repeat(61);
        assertEquals(253, host253.length());
        assertEquals(List.of(), errors(host253 + " 3260 " + name(40) + "\n"));
        assertEquals(List.of("t:1:1: HostNameOrAddress: too long (254 bytes, at most 253)"),
                errors(host253 + "a 3260 " + name(40) + "\n"));
    }

    @Test
    void chapSecretOf255BytesIsAcceptedAnd256IsRefusedWithoutQuotingIt() {
        String secret = "s3cr3t".repeat(43).substring(0, 255);
        List<TargetsFileEntry> ok = parser.parse("t", "h 3260 " + name(40) + " \"" + secret + "\"\n").entries();
        assertEquals(secret, ok.get(0).chapSecret().orElseThrow().reveal());
        List<String> errors = errors("h 3260 " + name(40) + " \"" + secret + "x\"\n");
        assertEquals(List.of("t:1:49: CHAPSecret: too long (256 bytes, at most 255)"), errors);
        assertFalse(errors.get(0).contains("s3cr3t"), errors.get(0));
    }

    @Test
    void chapNameOf255BytesIsAcceptedAnd256IsRefused() {
        String user = "u".repeat(255);
        assertEquals(user, parser.parse("t", "h 3260 " + name(40) + " \"pw\" " + user + "\n").entries().get(0).chapName());
        assertEquals(List.of("t:1:54: CHAPName: too long (256 bytes, at most 255)"),
                errors("h 3260 " + name(40) + " \"pw\" " + user + "u\n"));
    }

    @Test
    void longPortAndExtraFieldsAreQuotedAsShortExcerpts() {
        String port = "9".repeat(5000);
        List<String> errors = errors("h " + port + " " + name(40) + " \"pw\" user " + "x".repeat(5000) + "\n");
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("t:1:3: PortNumber: expected 1..65535, found '" + "9".repeat(64) + "…'", errors.get(0));
        assertTrue(errors.get(1).endsWith("found an extra field '" + "x".repeat(64) + "…'"), errors.get(1));
    }

    @Test
    void errorsStopAfterTheLimit() {
        String bad = "h 0 " + name(40) + "\n";
        List<String> errors = errors(bad.repeat(TargetsFileParser.MAX_ERRORS + 50));
        assertEquals(TargetsFileParser.MAX_ERRORS + 1, errors.size());
        assertEquals("t:100:3: file: stopped after 100 errors", errors.get(errors.size() - 1));
        assertEquals(TargetsFileParser.MAX_ERRORS - 1, errors("h 0 x\n".repeat(0) + bad.repeat(99)).size());
    }

    @Test
    void entriesStopAtTheLimit() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < TargetsFileParser.MAX_ENTRIES; i++) {
            sb.append("h ").append(1 + i % 65535).append(' ').append(PREFIX).append('t').append(i).append('\n');
        }
        assertEquals(TargetsFileParser.MAX_ENTRIES, parser.parse("t", sb.toString()).entries().size());
        sb.append("h 1 ").append(PREFIX).append("one-too-many\n");
        assertEquals(List.of("t:10001:1: entry: more than 10000 entries in one file"), errors(sb.toString()));
    }

    @Test
    void binaryFileIsOneErrorSayingItIsNotText() throws IOException {
        Path file = dir.resolve("targets.bin");
        byte[] first = ("h 3260 " + name(40) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = java.util.Arrays.copyOf(first, first.length + 4);
        bytes[first.length] = 'a';
        bytes[first.length + 1] = (byte) 0xff;
        bytes[first.length + 2] = (byte) 0xfe;
        Files.write(file, bytes);
        List<TargetsFileError> errors = parser.parse(file).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(file + ":2:2: file: not UTF-8 text: byte 0xff at byte offset 49 (a binary file?); "
                + "expected UTF-8 text", errors.get(0).toString());
    }

    @Test
    void nulByteIsBinaryData() throws IOException {
        Path file = dir.resolve("targets.nul");
        Files.write(file, new byte[] {'h', 0, 0, 0});
        List<TargetsFileError> errors = parser.parse(file).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).toString().startsWith(file + ":1:2: file: binary data (a NUL byte)"), errors.toString());
    }

    @Test
    void missingFileAndDirectorySayWhatIsWrong() throws IOException {
        Path missing = dir.resolve("nope");
        InputFileException e = assertThrows(InputFileException.class, () -> parser.parse(missing));
        assertEquals("targets file " + missing + ": no such file", e.getMessage());
        InputFileException d = assertThrows(InputFileException.class, () -> parser.parse(dir));
        assertEquals("targets file " + dir + ": is a directory, expected a file", d.getMessage());
    }

    @Test
    void byteOrderMarkAtTheStartIsSkipped() throws IOException {
        Path file = dir.resolve("targets.bom");
        Files.writeString(file, "\ufeffh 3260 " + name(40) + "\n", StandardCharsets.UTF_8);
        TargetsFileEntry e = parser.parse(file).entries().get(0);
        assertEquals("h", e.host());
        assertEquals(new Location(file.toString(), 1, 1), e.location());
    }

    @Test
    void multiByteCharactersCountTheirUtf8Bytes() {
        // 'é' is 2 bytes: 98 of them after a 27-byte prefix make 223 bytes but only 125 characters
        String wide = PREFIX + "\u00e9".repeat(98);
        assertEquals(223, wide.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(List.of(), errors("h 1 " + wide + "\n"));
        assertEquals(List.of("t:1:5: iSCSIName: iSCSI name too long (225 bytes, at most 223)"),
                errors("h 1 " + wide + "\u00e9\n"));
    }

    @Test
    void iscsiNameLimitIsTheRfcOne() {
        assertEquals(223, IscsiName.MAX_BYTES);
    }

    @Test
    void devicesThatNeverEndAreRefusedAtOnce() throws IOException {
        // /dev/zero is endless NULs, /dev/urandom endless bytes that are not UTF-8: one error each, no loop
        for (String device : List.of("/dev/zero", "/dev/urandom")) {
            List<TargetsFileError> errors = parser.parse(Path.of(device)).errors();
            // random bytes may form a short text line (and its error) before the first byte that is not text
            TargetsFileError last = errors.get(errors.size() - 1);
            assertEquals("file", last.field(), errors.toString());
            assertTrue(last.message().startsWith("binary data") || last.message().startsWith("not UTF-8"), errors.toString());
            assertTrue(errors.size() < TargetsFileParser.MAX_ERRORS, errors.toString());
        }
    }
}
