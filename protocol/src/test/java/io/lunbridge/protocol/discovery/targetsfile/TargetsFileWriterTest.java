package io.lunbridge.protocol.discovery.targetsfile;

import static io.lunbridge.protocol.discovery.targetsfile.TargetsFileParserTest.INITIATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetsFileWriterTest {
    private final TargetsFileParser parser = new TargetsFileParser(INITIATOR);
    private final TargetsFileWriter writer = new TargetsFileWriter(INITIATOR);
    private final Location nowhere = new Location("export", 1, 1);

    private TargetsFileEntry entry(String host, int port, String name, String secret, String chapName) {
        return new TargetsFileEntry(host, port, IscsiName.parse(name),
                Optional.ofNullable(secret).map(ChapSecretValue::of),
                chapName == null ? INITIATOR.value() : chapName, nowhere);
    }

    /** Everything but the location, which differs between the source and the re-read file. */
    private static String content(TargetsFileEntry e) {
        return e.host() + "|" + e.port() + "|" + e.target() + "|"
                + e.chapSecret().map(ChapSecretValue::reveal).orElse("-") + "|" + e.chapName();
    }

    @Test
    void rendersAllFieldFormsAndRoundTrips() {
        List<TargetsFileEntry> entries = List.of(
                entry("10.0.0.1", 3260, "iqn.2026-11.test.lunbridge:d1", null, null),
                entry("fe80::1", 3261, "eui.02004567a425678d", "with spaces # and \\ backslash", null),
                entry("storage.example.com", 65535, "naa.52004567ba64678d", "s3cr3t-s3cr3t", "chapuser"));
        String text = writer.render(entries);
        assertEquals("# iSCSI targets (AIX targets file format)\n"
                + "# HostNameOrAddress PortNumber iSCSIName [\"CHAPSecret\" [CHAPName]]\n"
                + "10.0.0.1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "fe80::1 3261 eui.02004567a425678d \"with spaces # and \\ backslash\"\n"
                + "storage.example.com 65535 naa.52004567ba64678d \"s3cr3t-s3cr3t\" chapuser\n", text);
        List<TargetsFileEntry> reread = parser.parse("export", text).entries();
        assertEquals(entries.stream().map(TargetsFileWriterTest::content).collect(Collectors.toList()),
                reread.stream().map(TargetsFileWriterTest::content).collect(Collectors.toList()));
    }

    @Test
    void parsedFileRoundTripsThroughWriter() {
        String source = "# mine\n10.0.0.1 \\\n 3260 IQN.2026-11.test.lunbridge:D1 \"a b\" \\\n other-user # c\n"
                + "10.0.0.2 3260 iqn.2026-11.test.lunbridge:d2 \"x\" " + INITIATOR.value() + "\n";
        List<TargetsFileEntry> first = parser.parse("src", source).entries();
        List<TargetsFileEntry> second = parser.parse("out", writer.render(first)).entries();
        assertEquals(first.stream().map(TargetsFileWriterTest::content).collect(Collectors.toList()),
                second.stream().map(TargetsFileWriterTest::content).collect(Collectors.toList()));
        assertEquals("10.0.0.2 3260 iqn.2026-11.test.lunbridge:d2 \"x\"", writer.renderLine(first.get(1)),
                "the default CHAP name is left out");
    }

    @Test
    void refusesSecretWithQuoteOrLineBreakWithoutShowingIt() {
        for (String secret : new String[] {"has\"quote", "has\nnewline", "has\rcr"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> writer.renderLine(entry("h", 3260, "iqn.2026-11.test.lunbridge:d1", secret, null)));
            assertEquals("CHAPSecret of target 'iqn.2026-11.test.lunbridge:d1' at h:3260 contains a '\"' or a "
                    + "line break, which the targets file format cannot represent", e.getMessage());
            assertFalse(e.getMessage().contains("has"));
        }
    }

    @Test
    void refusesUnrepresentableChapNames() {
        for (String name : new String[] {"two words", "quo\"te", "#hash", "back\\", "tab\tname"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> writer.renderLine(entry("h", 3260, "iqn.2026-11.test.lunbridge:d1", "s", name)));
            assertEquals("CHAPName '" + name + "' of target 'iqn.2026-11.test.lunbridge:d1' at h:3260 is empty or"
                    + " contains a blank, '\"', a leading '#' or a trailing '\\', which the targets file format"
                    + " cannot represent", e.getMessage());
        }
    }

    @Test
    void refusesChapNameWithoutSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer.renderLine(entry("fe80::2", 3260, "iqn.2026-11.test.lunbridge:d1", null, "user")));
        assertEquals("CHAPName 'user' of target 'iqn.2026-11.test.lunbridge:d1' at [fe80::2]:3260 needs a "
                + "CHAPSecret: the targets file format allows CHAPName only after it", e.getMessage());
    }

    @Test
    void entryRejectsPortOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> entry("h", 0, "iqn.2026-11.test.lunbridge:d1", null, null));
        assertEquals("port: expected 1..65535, found 0", e.getMessage());
    }

    @Test
    void secretValueRules() {
        assertEquals(ChapSecretValue.of("abc"), ChapSecretValue.of("abc"));
        assertFalse(ChapSecretValue.of("abc").equals(ChapSecretValue.of("abd")));
        assertEquals(3, ChapSecretValue.of("abc").length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChapSecretValue.of(""));
        assertEquals("CHAP secret must not be empty", e.getMessage());
    }
}
