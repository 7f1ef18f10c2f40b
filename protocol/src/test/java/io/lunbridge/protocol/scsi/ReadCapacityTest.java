package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadCapacityTest {
    @Test
    void tgtdReadCapacity10() {
        ReadCapacity rc = ReadCapacity.parse10(Hex.bytes("0001ffff00000200"));
        assertEquals(new ReadCapacity(131071, 512, 0, 0, false, false, false), rc);
        assertEquals(64L << 20, rc.sizeBytes());
        assertFalse(rc.needs16());
    }

    @Test
    void tgtdReadCapacity16WithThinProvisioning() {
        // tgtd, 64 MiB thin LUN: 4096-byte physical blocks (exponent 3), LBPME and LBPRZ
        ReadCapacity rc = ReadCapacity.parse16(Hex.bytes(
                "000000000001ffff000002000003c0000000000000000000000000000000000000"));
        assertEquals(new ReadCapacity(131071, 512, 3, 0, true, true, false), rc);
        assertEquals(67108864L, rc.sizeBytes());
        assertEquals(4096, rc.physicalBlockLength());
    }

    @Test
    void istgtAndFieldOffsets() {
        assertEquals(33554432L, ReadCapacity.parse10(Hex.bytes("0000ffff00000200")).sizeBytes());
        ReadCapacity rc = ReadCapacity.parse16(Hex.bytes("0000000100000000" + "00001000" + "01" + "02" + "8123"));
        assertEquals(new ReadCapacity(1L << 32, 4096, 2, 0x0123, true, false, true), rc);
        assertEquals(((1L << 32) + 1) * 4096, rc.sizeBytes());
    }

    @Test
    void saturatedReadCapacity10NeedsSixteen() {
        assertTrue(ReadCapacity.parse10(Hex.bytes("ffffffff00000200")).needs16());
    }

    @Test
    void malformedData() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> ReadCapacity.parse10(Hex.bytes("0001ffff000002")));
        assertEquals("READ CAPACITY(10) data: 7 bytes, need at least 8", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> ReadCapacity.parse16(Hex.bytes("0001ffff00000200")));
        assertEquals("READ CAPACITY(16) data: 8 bytes, need at least 16", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> ReadCapacity.parse10(Hex.bytes("0001ffff00000000")));
        assertEquals("READ CAPACITY(10) data: LOGICAL BLOCK LENGTH 0 at offset 4 is not a usable block size",
                e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> ReadCapacity.parse16(Hex.bytes("8000000000000000" + "00000200" + "00000000")));
        assertEquals("READ CAPACITY(16) data: RETURNED LOGICAL BLOCK ADDRESS 0x8000000000000000 at offset 0"
                + " exceeds 2^63-1", e.getMessage());
    }
}
