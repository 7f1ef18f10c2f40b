package io.lunbridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortalAddressTest {
    @Test
    void parsesHostsPortsAndIpv6() {
        assertEquals(new PortalAddress("198.18.0.2", 3260), PortalAddress.parse("198.18.0.2"));
        assertEquals(new PortalAddress("198.18.0.2", 3261), PortalAddress.parse("198.18.0.2:3261"));
        assertEquals(new PortalAddress("target.example", 3260), PortalAddress.parse("target.example"));
        assertEquals(new PortalAddress("fd00::2", 3260), PortalAddress.parse("[fd00::2]"));
        assertEquals(new PortalAddress("fd00::2", 860), PortalAddress.parse("[fd00::2]:860"));
        assertEquals(new PortalAddress("fd00::2", 3260), PortalAddress.parse("fd00::2"));
        assertEquals("[fd00::2]:860", PortalAddress.parse("[fd00::2]:860").toString());
    }

    @Test
    void badPortalsNameTheProblem() {
        assertMessage("198.18.0.2:70000", "port 70000 out of range 1..65535");
        assertMessage("198.18.0.2:abc", "port 'abc' is not a number");
        assertMessage("[fd00::2", "missing ']'");
        assertMessage("[fd00::2]x", "expected ':PORT' after ']'");
        assertMessage(":3260", "empty host");
        assertMessage(" ", "empty value");
    }

    private static void assertMessage(String input, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortalAddress.parse(input));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
