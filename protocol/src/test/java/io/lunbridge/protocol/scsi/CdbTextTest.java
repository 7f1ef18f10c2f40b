package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.protocol.session.ScsiRequest;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Descriptions read back from CDB bytes, as the I/O path's errors show them. */
class CdbTextTest {
    @Test
    void blockCommandsNameTheirLbaAndLength() {
        assertEquals("READ(16) LBA 2048 x 8", CdbText.describe(Cdbs.read16(2048, 8, false)));
        assertEquals("WRITE(16) LBA 4294967296 x 2147483647",
                CdbText.describe(Cdbs.write16(1L << 32, Integer.MAX_VALUE, true)));
        assertEquals("SYNCHRONIZE CACHE(16) LBA 0 x 0", CdbText.describe(Cdbs.synchronizeCache16(0, 0)));
        assertEquals("WRITE SAME(16) UNMAP LBA 16 x 4", CdbText.describe(Cdbs.writeSame16(16, 4, true, false)));
        assertEquals("WRITE SAME(16) LBA 16 x 4", CdbText.describe(Cdbs.writeSame16(16, 4, false, false)));
    }

    @Test
    void otherCommandsAndShortCdbsAreNamedByOpcode() {
        assertEquals("SCSI command 0x12", CdbText.describe(Cdbs.inquiry(false, 0, 96)));
        assertEquals("READ(16)", CdbText.describe(new byte[] {(byte) 0x88, 0, 0}));
        assertEquals("empty CDB", CdbText.describe(new byte[0]));
    }

    @Test
    void aRequestWithoutDescriptionDerivesItWhenAsked() {
        ScsiRequest r = ScsiRequest.read(Lun.ofNumber(3).raw(), Cdbs.read16(8, 1, false), 512);
        assertEquals("READ(16) LBA 8 x 1 on LUN 3", r.description());
        ScsiRequest w = ScsiRequest.write(Lun.ofNumber(0).raw(), Cdbs.write16(1, 1, false), Unpooled.wrappedBuffer(new byte[512]));
        assertEquals("WRITE(16) LBA 1 x 1 on LUN 0", w.description());
        assertEquals("given", ScsiRequest.noData(0, Cdbs.testUnitReady(), "given").description());
    }
}
