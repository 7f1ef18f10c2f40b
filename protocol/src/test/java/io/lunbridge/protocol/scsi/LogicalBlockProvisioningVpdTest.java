package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.scsi.LogicalBlockProvisioning.ProvisioningType;
import org.junit.jupiter.api.Test;

class LogicalBlockProvisioningVpdTest {
    @Test
    void tgtdThinLun() {
        // tgtd 1.0.85 with thin_provisioning=1
        assertEquals(new LogicalBlockProvisioning(0, true, true, true, true, false, false, ProvisioningType.THIN),
                LogicalBlockProvisioning.parse(Hex.bytes("00b2000400e40200")));
    }

    @Test
    void bitsAndTypes() {
        assertEquals(new LogicalBlockProvisioning(9, true, false, false, false, true, true, ProvisioningType.FULL),
                LogicalBlockProvisioning.parse(Hex.bytes("00b2000409830000")));
        assertEquals(ProvisioningType.RESOURCE,
                LogicalBlockProvisioning.parse(Hex.bytes("00b2000400000100")).provisioningType());
        assertEquals(ProvisioningType.RESERVED,
                LogicalBlockProvisioning.parse(Hex.bytes("00b2000400000700")).provisioningType());
        // LBPRZ 010b (provisioning initialization pattern) is not "reads zeroes"
        assertEquals(false, LogicalBlockProvisioning.parse(Hex.bytes("00b2000400080000")).lbprz());
    }

    @Test
    void shortPage() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> LogicalBlockProvisioning.parse(Hex.bytes("00b2000200e4")));
        assertEquals("VPD page 0xb2 (Logical Block Provisioning): PAGE LENGTH 2 at offset 2 is less than 4"
                + " (PROVISIONING TYPE is at offset 6)", e.getMessage());
    }
}
