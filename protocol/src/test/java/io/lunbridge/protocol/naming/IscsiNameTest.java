package io.lunbridge.protocol.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IscsiNameTest {

    @Test
    void parsesAndLowercasesIqn() {
        IscsiName name = IscsiName.parse("IQN.2001-04.COM.Example:Storage.Disk2.sys1.XYZ");
        assertEquals("iqn.2001-04.com.example:storage.disk2.sys1.xyz", name.value());
        assertEquals(IscsiName.Type.IQN, name.type());
        assertEquals(name, IscsiName.parse("iqn.2001-04.com.example:storage.disk2.sys1.xyz"));
        assertEquals(name.value(), name.toString());
    }

    @Test
    void acceptsIqnWithoutSuffixAndEuiAndNaa() {
        assertEquals(IscsiName.Type.IQN, IscsiName.parse("iqn.2026-11.test.lunbridge").type());
        assertEquals("eui.02004567a425678d", IscsiName.parse("eui.02004567A425678D").value());
        assertEquals(IscsiName.Type.EUI, IscsiName.parse("eui.02004567A425678D").type());
        assertEquals(IscsiName.Type.NAA, IscsiName.parse("naa.52004567BA64678D").type());
        assertEquals(IscsiName.Type.NAA,
                IscsiName.parse("naa.62004567BA64678D0123456789ABCDEF").type());
    }

    @Test
    void mapsNonAsciiThroughNfkcAndLowercase() {
        // U+FF21 FULLWIDTH A maps to 'a' under NFKC; U+00C9 lowercases to U+00E9
        IscsiName name = IscsiName.parse("iqn.2026-11.test.lunbridge:\uFF21\u00C9");
        assertEquals("iqn.2026-11.test.lunbridge:a\u00E9", name.value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "iqn.2026-13.com.x|month 13 out of range 01..12|10",
        "iqn.2026-00.com.x|month 00 out of range 01..12|10",
        "iqn.26-11.com.x|expected a four-digit year after 'iqn.'|7",
        "iqn.2026/11.com.x|character '/' (U+002F) not allowed|9",
        "iqn.2026-1.com.x|expected a two-digit month after the year|11",
        "iqn.2026-11|expected '.' and the reversed domain name after the date|12",
        "iqn.2026-11com.x|expected '.' and the reversed domain name after the date|12",
        "iqn.2026-11..com|empty label in the reversed domain name|13",
        "iqn.2026-11.com.:x|empty label in the reversed domain name|17",
        "iqn.2026-11.|empty label in the reversed domain name|13",
        "iqn.20x6-11.com.x|expected a four-digit year after 'iqn.'|7",
        "iqn.2026_11.com.x|character '_' (U+005F) not allowed|9",
        "iqn.2026-11.com.x:a b|character ' ' (U+0020) not allowed|20",
        "eui.0123456789abcde|expected 16 hex digits after 'eui.', found 15|20",
        "eui.0123456789abcdef0|expected 16 hex digits after 'eui.', found 17|21",
        "eui.0123456789abcdeg|expected a hex digit after 'eui.', found 'g'|20",
        "naa.0123456789abcdef01|expected 16 or 32 hex digits after 'naa.', found 18|23",
        "foo.2026-11.com.x|expected type prefix 'iqn.', 'eui.' or 'naa.'|1",
        "iqn.2026-11.co\u00ACm|character '\u00AC' (U+00AC) not allowed|15",
    })
    void rejectsWithProblemAndPosition(String input, String problem, int oneBasedPosition) {
        InvalidIscsiNameException e = assertThrows(InvalidIscsiNameException.class,
                () -> IscsiName.parse(input));
        assertEquals(problem, e.problem());
        assertEquals(oneBasedPosition - 1, e.position());
        assertEquals("iSCSI name '" + input + "': " + problem + " (at position " + oneBasedPosition + ")",
                e.getMessage());
    }

    @Test
    void rejectsEmptyName() {
        InvalidIscsiNameException e = assertThrows(InvalidIscsiNameException.class, () -> IscsiName.parse(""));
        assertEquals("empty name", e.problem());
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> IscsiName.parse("iqn.2026-13.com.x"));
    }

    @Test
    void enforces223ByteLimit() {
        String prefix = "iqn.2026-11.test.lunbridge:";
        String fits = prefix + "a".repeat(IscsiName.MAX_BYTES - prefix.length());
        assertEquals(IscsiName.MAX_BYTES, IscsiName.parse(fits).value().length());
        InvalidIscsiNameException e = assertThrows(InvalidIscsiNameException.class,
                () -> IscsiName.parse(fits + "a"));
        assertEquals("too long (224 bytes, at most 223)", e.problem());
        assertEquals(0, e.position(), "the whole name is too long: the error points at its start");
        // two-byte characters count twice
        String wide = prefix + "\u00E9".repeat((IscsiName.MAX_BYTES - prefix.length()) / 2 + 1);
        assertTrue(wide.getBytes(StandardCharsets.UTF_8).length > IscsiName.MAX_BYTES);
        assertThrows(InvalidIscsiNameException.class, () -> IscsiName.parse(wide));
    }

    @Test
    void generatesInitiatorNameFromInputs() {
        IscsiName name = IscsiName.generateInitiatorName(YearMonth.of(2026, 11), "DB01.example.org",
                new byte[] {(byte) 0x3f, (byte) 0xa2, 0x00, 0x0b, 0x11, (byte) 0xe2});
        assertEquals("iqn.2026-11.io.lunbridge:db01.example.org-3fa2000b11e2", name.value());
    }

    @Test
    void generatedNameSanitizesAndShortensHostName() {
        IscsiName odd = IscsiName.generateInitiatorName(YearMonth.of(2026, 1), "my_host name", new byte[] {1});
        assertEquals("iqn.2026-01.io.lunbridge:my-host-name-01", odd.value());
        IscsiName empty = IscsiName.generateInitiatorName(YearMonth.of(2026, 1), "", new byte[] {1});
        assertEquals("iqn.2026-01.io.lunbridge:host-01", empty.value());
        IscsiName longHost = IscsiName.generateInitiatorName(YearMonth.of(2026, 1), "h".repeat(400),
                new byte[] {1, 2});
        assertEquals(IscsiName.MAX_BYTES, longHost.value().length());
        assertTrue(longHost.value().endsWith("h-0102"));
    }

    @Test
    void generatedNameRejectsEmptyRandom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IscsiName.generateInitiatorName(YearMonth.of(2026, 1), "h", new byte[0]));
        assertEquals("random: expected at least 1 byte, found 0", e.getMessage());
    }

    @Test
    void generatedDefaultNameIsValidAndRandom() {
        IscsiName a = IscsiName.generateInitiatorName();
        IscsiName b = IscsiName.generateInitiatorName();
        assertTrue(a.value().startsWith("iqn."), a.value());
        assertTrue(a.value().contains(".io.lunbridge:"), a.value());
        assertTrue(!a.equals(b), "two generated names must differ: " + a);
    }

    @Test
    void tenMegabyteNameIsRefusedWithItsLengthAndAShortExcerpt() {
        String huge = "iqn.2026-11.test.lunbridge:" + "x".repeat(10 * 1024 * 1024);
        InvalidIscsiNameException e = assertThrows(InvalidIscsiNameException.class, () -> IscsiName.parse(huge));
        assertEquals("too long (" + huge.length() + " bytes, at most 223)", e.problem());
        assertTrue(e.getMessage().length() < 200, "the message quotes an excerpt, not the name: " + e.getMessage().length());
        assertTrue(e.getMessage().contains("…"), e.getMessage());
    }
}
