package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Fixed-format sense captured from tgtd and istgt SCSI Response data segments, and descriptor-format
 * sense built from SPC-4 4.5.2 (cross-checked with sg3_utils' sg_decode_sense).
 */
class SenseDataTest {
    /** tgtd, READ(16) beyond the end: SenseLength 18, fixed format, ILLEGAL REQUEST 21/00. */
    private static final String TGTD_LBA_OUT_OF_RANGE = "0012" + "700005000000000a00000000210000000000";
    /** istgt, first command after login: VALID bit set, UNIT ATTENTION 29/00, INFORMATION 0. */
    private static final String ISTGT_POWER_ON = "0012" + "f00006000000000a00000000290000000000";

    @Test
    void tgtdFixedSenseFromResponseSegment() {
        ByteBuf segment = Unpooled.wrappedBuffer(Hex.bytes(TGTD_LBA_OUT_OF_RANGE));
        SenseData s = SenseData.fromResponseSegment(segment).orElseThrow();
        assertEquals(new SenseData(0x70, 5, 0x21, 0x00, false, OptionalLong.empty()), s);
        assertEquals(SenseKey.ILLEGAL_REQUEST, s.key());
        assertEquals("ILLEGAL REQUEST, logical block address out of range (ASC 0x21, ASCQ 0x00)", s.describe());
        assertEquals(0, segment.readerIndex());
    }

    @Test
    void istgtFixedSenseWithValidInformation() {
        SenseData s = SenseData.fromResponseSegment(Unpooled.wrappedBuffer(Hex.bytes(ISTGT_POWER_ON))).orElseThrow();
        assertEquals(new SenseData(0x70, 6, 0x29, 0x00, false, OptionalLong.of(0)), s);
        assertEquals("SenseData[UNIT ATTENTION, power on, reset, or bus device reset occurred (ASC 0x29, ASCQ 0x00),"
                + " response code 0x70, information 0]", s.toString());
    }

    @Test
    void fixedDeferredWithInformation() {
        SenseData s = SenseData.parse(Hex.bytes("f1 00 03 00 00 30 39 0a 00 00 00 00 11 00 00 00 00 00"));
        assertEquals(new SenseData(0x71, 3, 0x11, 0, true, OptionalLong.of(12345)), s);
        assertEquals("deferred MEDIUM ERROR, unrecovered read error (ASC 0x11, ASCQ 0x00)", s.describe());
    }

    @Test
    void fixedWithoutAdditionalSenseCode() {
        assertEquals(new SenseData(0x70, 6, 0, 0, false, OptionalLong.empty()),
                SenseData.parse(Hex.bytes("70 00 06 00 00 00 00 00")));
    }

    @Test
    void descriptorFormatWithInformationDescriptor() {
        // sg_decode_sense: "Descriptor format, current; Sense key: Medium Error; Unrecovered read error;
        // Information: 0x0000000000003039"
        SenseData s = SenseData.parse(Hex.bytes("72 03 11 00 00 00 00 0c 00 0a 80 00 00 00 00 00 00 00 30 39"));
        assertEquals(new SenseData(0x72, 3, 0x11, 0, false, OptionalLong.of(12345)), s);
    }

    @Test
    void descriptorFormatDeferredAndOtherDescriptors() {
        // sg_decode_sense: "Descriptor format, <<<deferred>>>; Data Protect; Space allocation failed write protect"
        assertEquals(new SenseData(0x73, 7, 0x27, 0x07, true, OptionalLong.empty()),
                SenseData.parse(Hex.bytes("73 07 27 07 00 00 00 00")));
        // sense key specific descriptor (02h) is skipped; information descriptor with VALID=0 is ignored
        assertEquals(new SenseData(0x72, 5, 0x24, 0, false, OptionalLong.empty()), SenseData.parse(Hex.bytes(
                "72 05 24 00 00 00 00 14 02 06 00 00 cf 00 01 00 00 0a 00 00 00 00 00 00 00 00 00 01")));
    }

    @Test
    void emptyOrAbsentSense() {
        assertEquals(Optional.empty(), SenseData.fromResponseSegment(null));
        assertEquals(Optional.empty(), SenseData.fromResponseSegment(Unpooled.EMPTY_BUFFER));
        assertEquals(Optional.empty(), SenseData.fromResponseSegment(Unpooled.wrappedBuffer(Hex.bytes("0000"))));
    }

    @Test
    void malformedResponseSegments() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> SenseData.fromResponseSegment(Unpooled.wrappedBuffer(Hex.bytes("00"))));
        assertEquals("SCSI Response data segment: 1 byte is too short for the 2-byte SenseLength", e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> SenseData.fromResponseSegment(Unpooled.wrappedBuffer(Hex.bytes("0060" + "7000050000000000"))));
        assertEquals("SCSI Response data segment: SenseLength 96 exceeds the 8 bytes that follow it", e.getMessage());
    }

    @Test
    void malformedSense() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> SenseData.parse(new byte[0]));
        assertEquals("sense data is empty", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> SenseData.parse(Hex.bytes("7f 00 05 00 00 00 00 00")));
        assertEquals("sense data: RESPONSE CODE 0x7f at offset 0 is neither fixed (0x70/0x71) nor descriptor"
                + " (0x72/0x73) format", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> SenseData.parse(Hex.bytes("70 00 05 00 00")));
        assertEquals("fixed-format sense data: 5 bytes, need at least 8 (through ADDITIONAL SENSE LENGTH at offset 7)",
                e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> SenseData.parse(Hex.bytes("70 00 05 00 00 00 00 0a 00 00 00 00")));
        assertEquals("fixed-format sense data truncated: ADDITIONAL SENSE LENGTH 10 at offset 7 needs 18 bytes, got 12",
                e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> SenseData.parse(Hex.bytes("72 03 11 00 00 00 00 06 00 0a 80 00 00 00")));
        assertEquals("descriptor-format sense data: descriptor type 0x00 at offset 8 claims ADDITIONAL LENGTH 10 but"
                + " only 4 bytes remain", e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> SenseData.parse(Hex.bytes("72 03 11 00 00 00 00 04 00 02 80 00")));
        assertEquals("descriptor-format sense data: information descriptor at offset 8 has ADDITIONAL LENGTH 2,"
                + " expected 10", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> SenseData.parse(Hex.bytes("72 03 11 00 00 00 00 01 00")));
        assertEquals("descriptor-format sense data: descriptor at offset 8 has 1 byte, less than its 2-byte header",
                e.getMessage());
    }

    @Test
    void senseKeysAndAdditionalSenseTable() {
        assertEquals("MEDIUM ERROR", SenseKey.of(3).displayName());
        assertEquals(SenseKey.COMPLETED, SenseKey.of(0xf));
        assertThrows(IllegalArgumentException.class, () -> SenseKey.of(16));
        assertEquals("capacity data has changed (ASC 0x2a, ASCQ 0x09)", AdditionalSense.format(0x2a, 0x09));
        assertEquals("parameters changed (ASC 0x2a, ASCQ 0x7f)", AdditionalSense.format(0x2a, 0x7f));
        assertEquals("logical unit not ready (ASC 0x04, ASCQ 0x22)", AdditionalSense.format(0x04, 0x22));
        assertEquals("reported LUNs data has changed (ASC 0x3f, ASCQ 0x0e)", AdditionalSense.format(0x3f, 0x0e));
        assertEquals("additional sense (ASC 0x5d, ASCQ 0x10)", AdditionalSense.format(0x5d, 0x10));
        assertTrue(AdditionalSense.describe(0x5d, 0x10).isEmpty());
    }
}
