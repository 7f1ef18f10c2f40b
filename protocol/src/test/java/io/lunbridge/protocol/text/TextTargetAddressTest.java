package io.lunbridge.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TargetAddress values (RFC 7143 §13.8) used by redirection and SendTargets. */
class TextTargetAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "198.18.0.2:3260,1|198.18.0.2|3260|1",
        "198.18.0.2|198.18.0.2|3260|-1",
        "198.18.0.2,7|198.18.0.2|3260|7",
        "target.example.com:3261|target.example.com|3261|-1",
        "[fd00::1]:3260,1|fd00::1|3260|1",
        "[fd00::1]|fd00::1|3260|-1",
        "[fd00::1],2|fd00::1|3260|2",
    })
    void parses(String value, String host, int port, int tag) {
        assertEquals(new TargetAddress(host, port, tag), TargetAddress.parse(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fd00::1:3260|must be written in brackets",
        "[fd00::1:3260|'[' without ']'",
        "198.18.0.2:0|port 0 is out of range 1..65535",
        "198.18.0.2:99999|port 99999 is out of range",
        "198.18.0.2:http|port 'http' is not a number",
        "198.18.0.2,70000|portal group tag 70000 is out of range",
        ":3260|empty host",
        "[198.18.0.2]:3260|is not an IPv6 address",
        "[fd00::1]x|unexpected 'x' after ']'",
    })
    void rejects(String value, String message) {
        TextFormatException e = assertThrows(TextFormatException.class, () -> TargetAddress.parse(value));
        assertTrue(e.getMessage().startsWith("TargetAddress=" + value), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
