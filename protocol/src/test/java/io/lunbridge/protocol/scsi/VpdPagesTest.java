package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Supported VPD Pages and Unit Serial Number, and the shared VPD header checks. */
class VpdPagesTest {
    @Test
    void supportedPagesFromTgtdAndIstgt() {
        SupportedVpdPages tgtd = SupportedVpdPages.parse(Hex.bytes("00000006008083b0b1b2"));
        assertEquals(List.of(0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2), tgtd.pages());
        assertTrue(tgtd.supports(VpdPage.LOGICAL_BLOCK_PROVISIONING));
        SupportedVpdPages istgt = SupportedVpdPages.parse(Hex.bytes("0000000900808385868788b0b1"));
        assertTrue(istgt.supports(VpdPage.BLOCK_LIMITS));
        assertFalse(istgt.supports(VpdPage.LOGICAL_BLOCK_PROVISIONING));
    }

    @Test
    void serialNumbersAreTrimmed() {
        // tgtd right-aligns its serial in 36 bytes
        assertEquals("beaf11", UnitSerialNumber.parse(Hex.bytes(
                "00800024202020202020202020202020202020202020202020202020202020202020626561663131")).serial());
        assertEquals("10000001", UnitSerialNumber.parse(
                Unpooled.wrappedBuffer(Hex.bytes("008000083130303030303031"))).serial());
        assertEquals("", UnitSerialNumber.parse(Hex.bytes("0080000420202020")).serial());
    }

    @Test
    void wrongPageCodeIsNamed() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> UnitSerialNumber.parse(Hex.bytes("00000006008083b0b1b2")));
        assertEquals("VPD page 0x80 (Unit Serial Number): PAGE CODE at offset 1 is 0x00", e.getMessage());
    }

    @Test
    void truncatedPageNamesPageAndOffset() {
        byte[] data = Hex.bytes("0000000900808385");
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> SupportedVpdPages.parse(data));
        assertEquals("VPD page 0x00 (Supported VPD Pages) truncated: PAGE LENGTH at offset 2 claims 9 bytes after"
                + " the header (page ends at offset 13), got 8 bytes in all; retry with an allocation length of at"
                + " least 13", e.getMessage());
        assertEquals(13, VpdPage.requiredLength(data));
        assertEquals(0x00, VpdPage.pageCode(data));
        e = assertThrows(ScsiFormatException.class, () -> SupportedVpdPages.parse(Hex.bytes("000000")));
        assertEquals("VPD page 0x00 (Supported VPD Pages): 3 bytes is shorter than the 4-byte header", e.getMessage());
    }
}
