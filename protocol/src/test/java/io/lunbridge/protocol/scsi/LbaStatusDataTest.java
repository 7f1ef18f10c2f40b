package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GET LBA STATUS answers captured from tgtd 1.0.85 (libiscsi's GetLBAStatus tests, allocation 24). */
class LbaStatusDataTest {
    @Test
    void tgtdAnswerCutToOneOfThreeDescriptors() {
        // PARAMETER DATA LENGTH 52 announces three descriptors; 24 bytes carry the first
        List<LbaStatusDescriptor> list = LbaStatusData.parse(Hex.bytes(
                "00000034" + "00000000" + "0000000000000000" + "00000008" + "01000000"));
        assertEquals(List.of(new LbaStatusDescriptor(0, 8, LbaStatusDescriptor.DEALLOCATED)), list);
        assertTrue(list.get(0).unmapped());
    }

    @Test
    void tgtdMappedAndDeallocatedExtents() {
        assertEquals(List.of(new LbaStatusDescriptor(8, 256, LbaStatusDescriptor.MAPPED)), LbaStatusData.parse(
                Hex.bytes("00000024" + "00000000" + "0000000000000008" + "00000100" + "00000000")));
        LbaStatusDescriptor d = LbaStatusData.parse(
                Hex.bytes("00000014" + "00000000" + "0000000000000001" + "0001ffff" + "01000000")).get(0);
        assertEquals(new LbaStatusDescriptor(1, 0x1ffff, 1), d);
    }

    @Test
    void completeAnswerWithSeveralDescriptors() {
        List<LbaStatusDescriptor> list = LbaStatusData.parse(Hex.bytes("00000034" + "00000000"
                + "0000000000000000" + "00000008" + "01000000"
                + "0000000000000008" + "00000100" + "00000000"
                + "0000000000000108" + "ffffffff" + "02000000"));
        assertEquals(List.of(new LbaStatusDescriptor(0, 8, 1), new LbaStatusDescriptor(8, 256, 0),
                new LbaStatusDescriptor(0x108, 0xffffffffL, LbaStatusDescriptor.ANCHORED)), list);
        assertFalse(list.get(1).unmapped());
    }

    @Test
    void malformedAnswers() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> LbaStatusData.parse(Hex.bytes("00000014000000")));
        assertEquals("GET LBA STATUS data: 7 bytes is shorter than the 8-byte header", e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> LbaStatusData.parse(Hex.bytes("00000018" + "00000000" + "0000000000000000" + "00000008" + "01000000")));
        assertEquals("GET LBA STATUS data: PARAMETER DATA LENGTH 24 at offset 0 is not 4 + a multiple of 16",
                e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> LbaStatusData.parse(Hex.bytes("00000014" + "00000000" + "8000000000000000" + "00000001" + "00000000")));
        assertEquals("GET LBA STATUS data: descriptor at offset 8 has LBA 0x8000000000000000 beyond 2^63-1",
                e.getMessage());
        assertTrue(LbaStatusData.parse(Hex.bytes("00000004" + "00000000")).isEmpty());
    }
}
