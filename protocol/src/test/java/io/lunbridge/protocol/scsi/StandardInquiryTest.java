package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Standard INQUIRY answers captured from tgtd 1.0.85 and istgt 0.4. */
class StandardInquiryTest {
    static final String TGTD_LUN1 = "000005123d00000249455420202020205649525455414c2d4449534b2020202030303031"
            + "0000000000000000000000000000000000000000000004c0096003000000";
    static final String TGTD_LUN0 = "0c0005123d0000024945542020202020436f6e74726f6c6c65722020202020203030303100"
            + "00000000000000000000000000000000000000000004c0096001fb0000";
    static final String ISTGT = "001005025b00100246726565425344206953435349204449534b202020202020303030312020"
            + "2020202020202020202020202020202020200000096003000320004000000000000000000000000000000000000000"
            + "00000000000000000000";

    @Test
    void tgtdDataLun() {
        StandardInquiry inq = StandardInquiry.parse(Hex.bytes(TGTD_LUN1));
        assertEquals(new StandardInquiry(0, 0, false, 5, 2, true, false, false, false, false, true,
                "IET", "VIRTUAL-DISK", "0001"), inq);
        assertTrue(inq.isDirectAccessBlockDevice());
        assertFalse(inq.tpgs());
    }

    @Test
    void tgtdControllerLunIsNotADisk() {
        StandardInquiry inq = StandardInquiry.parse(Hex.bytes(TGTD_LUN0));
        assertEquals(StandardInquiry.TYPE_STORAGE_ARRAY_CONTROLLER, inq.deviceType());
        assertEquals("Controller", inq.product());
        assertTrue(inq.connected());
        assertFalse(inq.isDirectAccessBlockDevice());
    }

    @Test
    void istgtMultiPortDisk() {
        StandardInquiry inq = StandardInquiry.parse(Hex.bytes(ISTGT));
        assertEquals("FreeBSD", inq.vendor());
        assertEquals("iSCSI DISK", inq.product());
        assertEquals("0001", inq.revision());
        assertTrue(inq.multiP());
        assertFalse(inq.hiSup());
        assertTrue(inq.cmdQue());
    }

    @Test
    void tpgsBitsAndQualifier() {
        byte[] data = Hex.bytes(TGTD_LUN1);
        data[5] = 0x30; // TPGS 11b: implicit and explicit ALUA
        data[0] = 0x7f; // qualifier 011b, type 1Fh: no logical unit here
        StandardInquiry inq = StandardInquiry.parse(data);
        assertTrue(inq.implicitAlua() && inq.explicitAlua() && inq.tpgs());
        assertEquals(3, inq.peripheralQualifier());
        assertEquals(0x1f, inq.deviceType());
        assertFalse(inq.connected());
        data[5] = 0x10;
        assertTrue(StandardInquiry.parse(data).implicitAlua());
        assertFalse(StandardInquiry.parse(data).explicitAlua());
    }

    @Test
    void shortDataIsRefused() {
        byte[] data = Arrays.copyOf(Hex.bytes(TGTD_LUN1), 35);
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> StandardInquiry.parse(data));
        assertEquals("standard INQUIRY data: 35 bytes, need at least 36 (PRODUCT REVISION LEVEL ends at offset 35)",
                e.getMessage());
        assertEquals("IET", StandardInquiry.parse(Arrays.copyOf(Hex.bytes(TGTD_LUN1), 36)).vendor());
    }
}
