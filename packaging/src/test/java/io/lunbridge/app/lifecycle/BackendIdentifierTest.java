package io.lunbridge.app.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernel backend identifier of a LUN: stable, readable, one short line. */
class BackendIdentifierTest {
    @Test
    void targetAndLunInThePlainForm() {
        assertEquals("lunbridge:iqn.2026-11.io.lunbridge.it:kernel:1",
                BackendIdentifier.of("iqn.2026-11.io.lunbridge.it:kernel", "1").value());
        assertEquals("lunbridge:eui.02004567a425678d:0001000000000000",
                BackendIdentifier.of("eui.02004567a425678d", "0001000000000000").value(), "a flat-space LUN's address");
        assertEquals(BackendIdentifier.of("iqn.2026-11.x:a", "1"), BackendIdentifier.of("iqn.2026-11.x:a", "1"),
                "the same every time: no pid, time or path in it");
    }

    @Test
    void theLongestIscsiNameStaysPlain() {
        String name = "iqn.2026-11.io.lunbridge:" + "a".repeat(223 - 25);
        assertEquals(223, name.length());
        String id = BackendIdentifier.of(name, "0001000000000000").value();
        assertEquals("lunbridge:" + name + ":0001000000000000", id);
        assertTrue(id.length() <= BackendIdentifier.MAX_PLAIN, id.length() + " bytes");
    }

    @Test
    void aLongerOrControlCharacterNameIsHashed() {
        String name = "iqn.2026-11.io.lunbridge:" + "b".repeat(300);
        String id = BackendIdentifier.of(name, "1").value();
        assertTrue(id.matches("lunbridge:sha256:[0-9a-f]{32}"), id);
        assertEquals(id, BackendIdentifier.of(name, "1").value());
        assertTrue(!id.equals(BackendIdentifier.of(name, "2").value()), "another LUN, another identifier");
        assertTrue(BackendIdentifier.of("iqn.2026-11.x:a\nb", "1").value().startsWith("lunbridge:sha256:"),
                "a line break would end the sysfs line");
    }

    @Test
    void emptyPartsAndForeignValuesAreRefused() {
        assertEquals("backend identifier needs a target and a LUN, got '' and '1'",
                assertThrows(IllegalArgumentException.class, () -> BackendIdentifier.of("", "1")).getMessage());
        assertEquals("backend identifier 'nbd-client:x' does not start with lunbridge:",
                assertThrows(IllegalArgumentException.class, () -> new BackendIdentifier("nbd-client:x")).getMessage());
    }
}
