package io.lunbridge.protocol.discovery.targetsfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.naming.IscsiName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetsFileParserTest {
    static final String FILE = "/etc/lunbridge/targets";
    static final IscsiName INITIATOR = IscsiName.parse("iqn.2026-11.io.lunbridge:host1-0a0b0c");
    private final TargetsFileParser parser = new TargetsFileParser(INITIATOR);

    private List<TargetsFileEntry> entries(String content) {
        return parser.parse(FILE, content).entries();
    }

    private List<String> errors(String content) {
        ParseResult result = parser.parse(FILE, content);
        assertFalse(result.isValid(), "expected errors for: " + content);
        return result.errors().stream().map(TargetsFileError::toString).collect(Collectors.toList());
    }

    private String singleError(String content) {
        List<String> errors = errors(content);
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void parsesIbmExamplesWithDatedNames() {
        String file = "# comment line\n"
                + "\n"
                + "192.168.3.2 5003 iqn.2001-04.com.ibm:4125-23WWT26\n"
                + "10.2.1.105 3260 iqn.2001-04.com.ibm:k167-42.fc1a \"This is my password.\"\n"
                + "10.2.1.106 3260 iqn.2001-04.com.ibm:k167-42.fc1b \"My secret.\" chapuser\n";
        List<TargetsFileEntry> list = entries(file);
        assertEquals(3, list.size());

        TargetsFileEntry plain = list.get(0);
        assertEquals("192.168.3.2", plain.host());
        assertEquals(5003, plain.port());
        assertEquals("iqn.2001-04.com.ibm:4125-23wwt26", plain.target().value());
        assertEquals(Optional.empty(), plain.chapSecret());
        assertEquals(INITIATOR.value(), plain.chapName());
        assertEquals(new Location(FILE, 3, 1), plain.location());

        TargetsFileEntry chap = list.get(1);
        assertEquals("This is my password.", chap.chapSecret().orElseThrow().reveal());
        assertEquals(INITIATOR.value(), chap.chapName(), "CHAPName defaults to the initiator name");
        assertEquals(4, chap.location().line());

        TargetsFileEntry named = list.get(2);
        assertEquals("My secret.", named.chapSecret().orElseThrow().reveal());
        assertEquals("chapuser", named.chapName());
    }

    @Test
    void secretIsLiteralInsideQuotesWithoutEscapes() {
        TargetsFileEntry e = entries("h1 3260 iqn.2026-11.test.lunbridge:d1 \"a # b\\ \\n\tc\"\n").get(0);
        assertEquals("a # b\\ \\n\tc", e.chapSecret().orElseThrow().reveal());
    }

    @Test
    void secretNeverAppearsInToStringOrErrors() {
        TargetsFileEntry e = entries("h1 3260 iqn.2026-11.test.lunbridge:d1 \"hunter2-secret\"\n").get(0);
        assertFalse(e.toString().contains("hunter2"), e.toString());
        assertEquals("ChapSecretValue[redacted]", e.chapSecret().orElseThrow().toString());
        List<String> errs = errors("h1 3260 iqn.2026-11.test.lunbridge:d1 hunter2-secret\n"
                + "h1 3260 iqn.2026-11.test.lunbridge:d2 \"hunter2\" u \"hunter3\"\n");
        assertFalse(errs.toString().contains("hunter"), errs.toString());
    }

    @Test
    void trailingCommentsAndTabsAndCrlf() {
        List<TargetsFileEntry> list = entries("\t# indented comment\r\n"
                + "h1\t3260\tiqn.2026-11.test.lunbridge:d1   # trailing comment\r\n"
                + "h2 3260 iqn.2026-11.test.lunbridge:d2 \"s#1\" #comment after secret\r\n");
        assertEquals(2, list.size());
        assertEquals("s#1", list.get(1).chapSecret().orElseThrow().reveal());
    }

    @Test
    void lineContinuationBetweenFields() {
        List<TargetsFileEntry> list = entries("10.0.0.1 \\\n"
                + "   3260\\\n"
                + "   iqn.2026-11.test.lunbridge:d1 \\  \n"
                + "   \"sec ret\" \\\n"
                + "   user1\n"
                + "10.0.0.2 3260 iqn.2026-11.test.lunbridge:d2\n");
        assertEquals(2, list.size());
        TargetsFileEntry first = list.get(0);
        assertEquals("10.0.0.1", first.host());
        assertEquals(3260, first.port());
        assertEquals("sec ret", first.chapSecret().orElseThrow().reveal());
        assertEquals("user1", first.chapName());
        assertEquals(1, first.location().line());
        assertEquals(6, list.get(1).location().line());
    }

    @Test
    void hostForms() {
        List<TargetsFileEntry> list = entries("fe80::1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "2001:DB8:0:0:0:0:0:1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "::ffff:198.18.4.1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "Storage-1.Example.COM 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "0.0.0.0 3260 iqn.2026-11.test.lunbridge:d1\n");
        assertEquals(List.of("fe80::1", "2001:db8:0:0:0:0:0:1", "::ffff:198.18.4.1", "storage-1.example.com",
                "0.0.0.0"), list.stream().map(TargetsFileEntry::host).collect(Collectors.toList()));
    }

    @Test
    void portBoundaries() {
        assertEquals(1, entries("h 1 iqn.2026-11.test.lunbridge:d1\n").get(0).port());
        assertEquals(65535, entries("h 65535 iqn.2026-11.test.lunbridge:d1\n").get(0).port());
    }

    @Test
    void emptyAndCommentOnlyFilesHaveNoEntries() {
        assertEquals(List.of(), entries(""));
        assertEquals(List.of(), entries("# only comments\n\n   \n#\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // PortNumber
        "h 70000 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:3: PortNumber: expected 1..65535, found '70000'",
        "h 0 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:3: PortNumber: expected 1..65535, found '0'",
        "h 32a0 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:3: PortNumber: expected 1..65535, found '32a0'",
        "h -1 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:3: PortNumber: expected 1..65535, found '-1'",
        "h 9999999999 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:3: PortNumber: expected 1..65535, found '9999999999'",
        "h \"3260\" iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:3: PortNumber: expected 1..65535, found a quoted string",
        // missing fields
        "h|/etc/lunbridge/targets:1:2: PortNumber: expected 1..65535, found end of entry",
        "h 3260|/etc/lunbridge/targets:1:7: iSCSIName: expected an iSCSI name, found end of entry",
        // HostNameOrAddress
        "[fe80::1] 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected an IPv6 address without brackets (RFC 2373 text form), found '[fe80::1]'",
        "fe80::1::2 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected an IPv6 address in RFC 2373 text form, found 'fe80::1::2'",
        "fe80::1%eth0 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected an IPv6 address in RFC 2373 text form, found 'fe80::1%eth0'",
        "1:2:3:4:5:6:7 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected an IPv6 address in RFC 2373 text form, found '1:2:3:4:5:6:7'",
        "10.0.0.256 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a dotted-decimal IPv4 address (four numbers 0..255), found '10.0.0.256'",
        "10.0.0 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a dotted-decimal IPv4 address (four numbers 0..255), found '10.0.0'",
        "10.0.0.01 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a dotted-decimal IPv4 address (four numbers 0..255), found '10.0.0.01'",
        "-bad.example 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a host name (letters, digits and '-' in dot-separated labels of 1..63 characters, at most 253 in all), an IPv4 or an IPv6 address, found '-bad.example'",
        "under_score 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a host name (letters, digits and '-' in dot-separated labels of 1..63 characters, at most 253 in all), an IPv4 or an IPv6 address, found 'under_score'",
        "a..b 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a host name (letters, digits and '-' in dot-separated labels of 1..63 characters, at most 253 in all), an IPv4 or an IPv6 address, found 'a..b'",
        "\"h\" 3260 iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:1: HostNameOrAddress: expected a host name or address without quotes, found a quoted string",
        // iSCSIName, column = start of the field + position of the problem
        "h 3260 iqn.2026-13.test.lunbridge:d1|/etc/lunbridge/targets:1:17: iSCSIName: month 13 out of range 01..12 in 'iqn.2026-13.test.lunbridge:d1'",
        "h 3260 iqn.com.ibm-4125-23wwt26|/etc/lunbridge/targets:1:12: iSCSIName: expected a four-digit year after 'iqn.' in 'iqn.com.ibm-4125-23wwt26'",
        "h 3260 eui.123|/etc/lunbridge/targets:1:15: iSCSIName: expected 16 hex digits after 'eui.', found 3 in 'eui.123'",
        "h 3260 \"iqn.2026-11.test.lunbridge:d1\"|/etc/lunbridge/targets:1:8: iSCSIName: expected an iSCSI name without quotes, found a quoted string",
        // CHAPSecret
        "h 3260 iqn.2026-11.test.lunbridge:d1 secret|/etc/lunbridge/targets:1:38: CHAPSecret: expected a secret in double quotes, found an unquoted word",
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"\"|/etc/lunbridge/targets:1:38: CHAPSecret: expected at least one character between the quotes, found an empty secret",
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"open|/etc/lunbridge/targets:1:38: CHAPSecret: expected a closing '\"' on the same line, found end of line",
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"a\"b|/etc/lunbridge/targets:1:41: CHAPSecret: expected a space, a tab or end of line after the closing '\"'",
        // CHAPName
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"s\" \"user\"|/etc/lunbridge/targets:1:42: CHAPName: expected a name without quotes, found a quoted string",
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"s\" us\"er|/etc/lunbridge/targets:1:44: CHAPName: expected a name without '\"', found 'us\"er'",
        // extra fields and stray backslash
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"s\" user extra|/etc/lunbridge/targets:1:47: entry: expected end of entry after CHAPName, found an extra field 'extra'",
        "h 3260 iqn.2026-11.test.lunbridge:d1 \"s\" user \"x\"|/etc/lunbridge/targets:1:47: entry: expected end of entry after CHAPName, found an extra quoted string",
        "h 3260 \\ iqn.2026-11.test.lunbridge:d1|/etc/lunbridge/targets:1:8: iSCSIName: expected '\\' only as the last character of a line (line continuation), found it before more text",
    })
    void reportsEachRuleWithLocationFieldAndExpectation(String line, String expected) {
        assertEquals(expected, singleError(line + "\n"));
    }

    @Test
    void continuationAtEndOfFile() {
        assertEquals(List.of(
                "/etc/lunbridge/targets:1:15: entry: expected another line after the line continuation '\\', "
                        + "found end of file",
                "/etc/lunbridge/targets:1:14: iSCSIName: expected an iSCSI name, found end of entry"),
                errors("10.0.0.1 3260 \\"));
    }

    @Test
    void continuationIntoCommentEndsEntry() {
        assertEquals(List.of("/etc/lunbridge/targets:1:14: iSCSIName: expected an iSCSI name, found end of entry"),
                errors("10.0.0.1 3260 \\\n# comment\n"));
    }

    @Test
    void lineWithOnlyContinuationAndNothingElse() {
        assertEquals(List.of("/etc/lunbridge/targets:2:1: HostNameOrAddress: expected a host name or address, "
                + "found end of entry"), errors("\\\n\n"));
    }

    @Test
    void errorsOnContinuedLinesPointAtTheirOwnLine() {
        assertEquals(List.of("/etc/lunbridge/targets:2:5: PortNumber: expected 1..65535, found '99999'"),
                errors("10.0.0.1 \\\n    99999 iqn.2026-11.test.lunbridge:d1\n"));
    }

    @Test
    void secretCannotSpanLines() {
        // the second line then starts an entry of its own, which is wrong in its own ways
        assertEquals(List.of("/etc/lunbridge/targets:1:35: CHAPSecret: expected a closing '\"' on the same line, "
                + "found end of line",
                "/etc/lunbridge/targets:2:1: HostNameOrAddress: expected a host name (letters, digits and '-' in "
                + "dot-separated labels of 1..63 characters, at most 253 in all), an IPv4 or an IPv6 address, "
                + "found 'line\"'",
                "/etc/lunbridge/targets:2:6: PortNumber: expected 1..65535, found end of entry"), errors("h 3260 iqn.2026-11.test.lunbridge \"multi\\\nline\"\n"));
    }

    @Test
    void collectsAllErrorsAndKeepsGoodLinesOutOfReachUntilFixed() {
        String file = "h1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "h2 70000 iqn.2026-11.test.lunbridge:d2\n"
                + "h3 3260 iqn.2026-11.test.lunbridge:d3\n"
                + "h4 3260 nope\n";
        ParseResult result = parser.parse(FILE, file);
        assertFalse(result.isValid());
        assertEquals(2, result.errors().size());
        assertEquals(2, result.errors().get(0).location().line());
        assertEquals("PortNumber", result.errors().get(0).field());
        assertEquals(4, result.errors().get(1).location().line());
        TargetsFileException e = assertThrows(TargetsFileException.class, result::entries);
        assertEquals("2 errors in targets file:\n"
                + "/etc/lunbridge/targets:2:4: PortNumber: expected 1..65535, found '70000'\n"
                + "/etc/lunbridge/targets:4:9: iSCSIName: expected type prefix 'iqn.', 'eui.' or 'naa.' in 'nope'",
                e.getMessage());
        assertEquals(result.errors(), e.errors());
    }

    @Test
    void duplicatesNameBothLines() {
        String file = "10.0.0.1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "10.0.0.1 3261 iqn.2026-11.test.lunbridge:d1\n"
                + "10.0.0.1 3260 IQN.2026-11.test.lunbridge:D1 \"other secret\"\n"
                + "fe80::1 3260 iqn.2026-11.test.lunbridge:d1\n"
                + "FE80:0:0:0:0:0:0:1 3260 iqn.2026-11.test.lunbridge:d1\n";
        assertEquals(List.of(
                "/etc/lunbridge/targets:3:1: entry: duplicate of the entry at line 1 (same iSCSIName "
                        + "'iqn.2026-11.test.lunbridge:d1' and portal 10.0.0.1:3260)",
                "/etc/lunbridge/targets:5:1: entry: duplicate of the entry at line 4 (same iSCSIName "
                        + "'iqn.2026-11.test.lunbridge:d1' and portal [fe80:0:0:0:0:0:0:1]:3260)"),
                errors(file));
    }

    @Test
    void readsFromPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("targets");
        Files.writeString(file, "h1 3260 iqn.2026-11.test.lunbridge:d1\nh1 0 x\n", StandardCharsets.UTF_8);
        ParseResult result = parser.parse(file);
        assertEquals(file + ":2:4: PortNumber: expected 1..65535, found '0'", result.errors().get(0).toString());
        assertTrue(result.errors().size() >= 2);
    }
}
