package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportLunsDataTest {
    /** tgtd 1.0.85 with LUNs 1 and 256 (plus its controller LUN 0), allocation length 32. */
    private static final String TGTD = "00000018 00000000 0000000000000000 0001000000000000 4100000000000000";
    /** The same answer cut by libiscsi's first allocation length of 16. */
    private static final String TGTD_TRUNCATED = "00000018 00000000 0000000000000000";

    @Test
    void parsesTgtdAnswerWithFlatSpaceLun() {
        List<Lun> luns = ReportLunsData.parse(Hex.bytes(TGTD));
        assertEquals(List.of(Lun.ofNumber(0), Lun.ofNumber(1), Lun.ofNumber(256)), luns);
        assertEquals(List.of(0, 1, 256), luns.stream().map(Lun::number).toList());
        assertTrue(ReportLunsData.isComplete(Hex.bytes(TGTD)));
    }

    @Test
    void truncatedAnswerTellsTheLengthToRetryWith() {
        byte[] data = Hex.bytes(TGTD_TRUNCATED);
        assertEquals(32, ReportLunsData.requiredLength(data));
        assertFalse(ReportLunsData.isComplete(data));
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> ReportLunsData.parse(data));
        assertEquals("REPORT LUNS data truncated: LUN LIST LENGTH 24 needs 32 bytes, got 16;"
                + " retry with an allocation length of at least 32", e.getMessage());
    }

    @Test
    void byteBufIsReadWithoutBeingConsumed() {
        ByteBuf buf = Unpooled.wrappedBuffer(Hex.bytes("ff" + TGTD));
        buf.readByte();
        assertEquals(3, ReportLunsData.parse(buf).size());
        assertEquals(1, buf.readerIndex());
    }

    @Test
    void emptyListAndTrailingBytes() {
        assertTrue(ReportLunsData.parse(Hex.bytes("00000000 00000000 0000")).isEmpty());
    }

    @Test
    void malformedHeaders() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> ReportLunsData.parse(Hex.bytes("00000008 000000")));
        assertEquals("REPORT LUNS data: 7 bytes is shorter than the 8-byte header", e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> ReportLunsData.parse(Hex.bytes("0000000c 00000000 0000000000000000 00000000")));
        assertEquals("REPORT LUNS data: LUN LIST LENGTH 12 at offset 0 is not a multiple of 8", e.getMessage());
        assertEquals(8 + 0xffffffffL, ReportLunsData.requiredLength(Hex.bytes("ffffffff 00000000")));
    }
}
