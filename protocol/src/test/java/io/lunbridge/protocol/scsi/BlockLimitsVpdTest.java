package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Block Limits (B0h) and Logical Block Provisioning (B2h) pages. */
class BlockLimitsVpdTest {
    private static final String ZERO_32 = "0000000000000000000000000000000000000000000000000000000000000000";

    @Test
    void tgtdBlockLimits() {
        BlockLimits bl = BlockLimits.parse(Hex.bytes("00b0003c" + "00800000" + "00000000" + "00000000" + "00000000"
                + "ffffffff" + "ffffffff" + "00000000" + "00000000" + ZERO_32.substring(0, 56)));
        assertEquals(new BlockLimits(false, 128, 0, 0, 0, 0xffffffffL, 0xffffffffL, 0, false, 0, 0), bl);
    }

    @Test
    void istgtBlockLimits() {
        BlockLimits bl = BlockLimits.parse(Hex.bytes("00b0003c" + "00ff0008" + "00000000" + "00000800"
                + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + ZERO_32.substring(0, 56)));
        assertEquals(255, bl.maxCompareAndWriteLength());
        assertEquals(8, bl.optimalTransferLengthGranularity());
        assertEquals(2048, bl.optimalTransferLength());
        assertEquals(0, bl.maxUnmapLbaCount());
    }

    @Test
    void everyFieldAtItsOffset() {
        BlockLimits bl = BlockLimits.parse(Hex.bytes("00b0003c" + "01050010" + "00000800" + "00000100"
                + "00000000" + "00400000" + "00000040" + "00000008" + "80000002" + "0000000100000000"
                + ZERO_32.substring(0, 40)));
        assertEquals(new BlockLimits(true, 5, 16, 2048, 256, 0x400000, 64, 8, true, 2, 1L << 32), bl);
    }

    @Test
    void oldShortPageReportsMissingFieldsAsZero() {
        BlockLimits bl = BlockLimits.parse(Hex.bytes("00b0000c" + "00000001" + "00000400" + "00000080"));
        assertEquals(new BlockLimits(false, 0, 1, 1024, 128, 0, 0, 0, false, 0, 0), bl);
    }

    @Test
    void tooShortOrTruncatedPages() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> BlockLimits.parse(Hex.bytes("00b00008" + "0000000100000400")));
        assertEquals("VPD page 0xb0 (Block Limits): PAGE LENGTH 8 at offset 2 is less than 12"
                + " (OPTIMAL TRANSFER LENGTH ends at offset 15)", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> BlockLimits.parse(Hex.bytes("00b0003c" + "00800000")));
        assertEquals("VPD page 0xb0 (Block Limits) truncated: PAGE LENGTH at offset 2 claims 60 bytes after the"
                + " header (page ends at offset 64), got 8 bytes in all; retry with an allocation length of at"
                + " least 64", e.getMessage());
    }
}
