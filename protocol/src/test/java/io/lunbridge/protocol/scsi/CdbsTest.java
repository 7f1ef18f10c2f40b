package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Byte vectors for every CDB, checked field by field against SPC-4/SBC-4; where libiscsi 1.19 sent
 * the same command to tgtd (captured on the wire), its bytes are the expected value.
 */
class CdbsTest {
    private static void assertCdb(String expectedHex, byte[] cdb) {
        assertEquals(expectedHex.replace(" ", ""), Hex.of(cdb));
    }

    @Test
    void testUnitReadyIsSixZeroBytes() {
        assertCdb("00 00 00 00 00 00", Cdbs.testUnitReady());
    }

    @Test
    void inquiryStandardAndVpd() {
        // libiscsi: iscsi-inq standard, allocation 64
        assertCdb("12 00 00 00 40 00", Cdbs.inquiry(false, 0, 64));
        // libiscsi: iscsi-inq -e 1 -c 131 (Device Identification), allocation 0x4c after a retry
        assertCdb("12 01 83 00 4c 00", Cdbs.inquiry(true, 0x83, 0x4c));
        // 16-bit allocation length in bytes 3-4
        assertCdb("12 01 b0 ff fe 00", Cdbs.inquiry(true, 0xb0, 0xfffe));
    }

    @Test
    void inquiryRejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cdbs.inquiry(false, 0x80, 64));
        assertEquals("INQUIRY: page 0x80 requires evpd=true (standard INQUIRY data has page 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cdbs.inquiry(true, 0x100, 64));
        assertEquals("INQUIRY: page 256 out of range 0..255", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cdbs.inquiry(true, 0x83, 0x10000));
        assertEquals("INQUIRY: allocationLength 65536 out of range 1..65535", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cdbs.inquiry(true, 0x83, 0));
    }

    @Test
    void reportLunsPutsAllocationLengthInBytes6To9() {
        // libiscsi's first REPORT LUNS to tgtd: allocation 16
        assertCdb("a0 00 00 00 00 00 00 00 00 10 00 00", Cdbs.reportLuns(16));
        assertCdb("a0 00 00 00 00 00 00 01 02 03 00 00", Cdbs.reportLuns(0x010203));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cdbs.reportLuns(15));
        assertEquals("REPORT LUNS: allocationLength 15 out of range 16..2147483647", e.getMessage());
    }

    @Test
    void readCapacity10And16() {
        assertCdb("25 00 00 00 00 00 00 00 00 00", Cdbs.readCapacity10());
        // libiscsi iscsi-readcapacity16: 9e/10, allocation 32 in bytes 10-13
        assertCdb("9e 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", Cdbs.readCapacity16(32));
        assertThrows(IllegalArgumentException.class, () -> Cdbs.readCapacity16(0));
    }

    @Test
    void read16AndWrite16CarryLbaLengthAndFua() {
        assertCdb("88 00 00 00 00 00 00 00 30 39 00 00 00 08 00 00", Cdbs.read16(12345, 8, false));
        // FUA is bit 3 of byte 1
        assertCdb("88 08 01 02 03 04 05 06 07 08 7f ff ff ff 00 00", Cdbs.read16(0x0102030405060708L, Integer.MAX_VALUE, true));
        assertCdb("8a 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00", Cdbs.write16(0, 1, false));
        assertCdb("8a 08 00 00 00 01 00 00 00 00 00 00 01 00 00 00", Cdbs.write16(1L << 32, 256, true));
    }

    @Test
    void read16AndWrite16RejectBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cdbs.read16(-1, 1, false));
        assertEquals("READ(16): lba -1 is negative", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cdbs.write16(0, 0, false));
        assertEquals("WRITE(16): blocks 0 out of range 1..2147483647", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cdbs.write16(Long.MAX_VALUE, 2, false));
        assertEquals("WRITE(16): lba 9223372036854775807 + blocks 2 overflows the 64-bit LBA space", e.getMessage());
    }

    @Test
    void synchronizeCache16WithoutImmed() {
        assertCdb("91 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Cdbs.synchronizeCache16(0, 0));
        assertCdb("91 00 00 00 00 00 00 00 10 00 00 00 08 00 00 00", Cdbs.synchronizeCache16(0x1000, 0x800));
        assertThrows(IllegalArgumentException.class, () -> Cdbs.synchronizeCache16(0, -1));
    }

    @Test
    void unmapPutsParameterListLengthInBytes7And8() {
        // libiscsi SCSI.Unmap.Simple to tgtd: one descriptor, 24 bytes
        assertCdb("42 00 00 00 00 00 00 00 18 00", Cdbs.unmap(24));
        assertCdb("42 00 00 00 00 00 00 ff f8 00", Cdbs.unmap(8 + 16 * 4095));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cdbs.unmap(8));
        assertEquals("UNMAP: parameterListLength 8 out of range 24..65535", e.getMessage());
    }

    @Test
    void writeSame16UnmapAndNdobBits() {
        // libiscsi SCSI.WriteSame16.Unmap to tgtd: UNMAP bit (bit 3 of byte 1), 1 block at LBA 0
        assertCdb("93 08 00 00 00 00 00 00 00 00 00 00 00 01 00 00", Cdbs.writeSame16(0, 1, true, false));
        assertCdb("93 01 00 00 00 00 00 00 00 64 00 00 01 00 00 00", Cdbs.writeSame16(100, 256, false, true));
        assertCdb("93 09 00 00 00 00 00 00 00 00 00 01 00 00 00 00", Cdbs.writeSame16(0, 65536, true, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cdbs.writeSame16(0, 0, true, false));
        assertEquals("WRITE SAME(16): blocks 0 out of range 1..2147483647", e.getMessage());
    }

    @Test
    void getLbaStatusIsServiceActionIn12() {
        // libiscsi SCSI.GetLBAStatus.Simple to tgtd: LBA 8, allocation 24
        assertCdb("9e 12 00 00 00 00 00 00 00 08 00 00 00 18 00 00", Cdbs.getLbaStatus(8, 24));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cdbs.getLbaStatus(0, 16));
        assertEquals("GET LBA STATUS: allocationLength 16 out of range 24..2147483647", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cdbs.getLbaStatus(-5, 24));
    }

    @Test
    void modeSense10PageSubpageAllocationAndDbd() {
        assertCdb("5a 00 08 00 00 00 00 00 ff 00", Cdbs.modeSense10(0x08, 0, 0xff, false));
        // DBD is bit 3 of byte 1; all pages and subpages
        assertCdb("5a 08 3f ff 00 00 00 10 00 00", Cdbs.modeSense10(0x3f, 0xff, 0x1000, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cdbs.modeSense10(0x40, 0, 0xff, false));
        assertEquals("MODE SENSE(10): page 64 out of range 0..63", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cdbs.modeSense10(0x08, 0, 4, false));
        assertEquals("MODE SENSE(10): allocationLength 4 out of range 8..65535", e.getMessage());
    }

    @Test
    void eachCallReturnsAFreshArray() {
        byte[] a = Cdbs.testUnitReady();
        a[0] = 1;
        assertEquals(0, Cdbs.testUnitReady()[0]);
    }
}
