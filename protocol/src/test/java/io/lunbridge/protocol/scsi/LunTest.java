package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LunTest {
    @Test
    void peripheralAddressingBelow256() {
        assertEquals("0000000000000000", Hex.of(Lun.ofNumber(0).toBytes()));
        assertEquals("0001000000000000", Hex.of(Lun.ofNumber(1).toBytes()));
        assertEquals("00ff000000000000", Hex.of(Lun.ofNumber(255).toBytes()));
        assertEquals(Lun.AddressMethod.PERIPHERAL, Lun.ofNumber(255).addressMethod());
        assertEquals(255, Lun.ofNumber(255).number());
        assertEquals("LUN 0", Lun.ofNumber(0).toString());
    }

    @Test
    void flatSpaceFrom256As_tgtdReportsIt() {
        // tgtd's REPORT LUNS entry for LUN 256
        Lun lun = Lun.fromBytes(Hex.bytes("4100000000000000"));
        assertEquals(Lun.AddressMethod.FLAT, lun.addressMethod());
        assertEquals(256, lun.number());
        assertEquals(lun, Lun.ofNumber(256));
        assertEquals("7fff000000000000", Hex.of(Lun.ofNumber(16383).toBytes()));
        assertEquals(16383, Lun.ofNumber(16383).number());
        assertEquals("LUN 16383", Lun.ofNumber(16383).toString());
    }

    @Test
    void flatSpaceBelow256StillDecodes() {
        assertEquals(5, Lun.fromBytes(Hex.bytes("4005000000000000")).number());
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lun.ofNumber(16384));
        assertEquals("LUN number 16384 out of range 0..16383 (peripheral addressing below 256, SAM-5 flat space up to 16383)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lun.ofNumber(-1));
        e = assertThrows(IllegalArgumentException.class, () -> Lun.fromBytes(new byte[7]));
        assertEquals("LUN field must be exactly 8 bytes, got 7", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lun.fromBytes(null));
    }

    @Test
    void logicalUnitAddressing() {
        Lun lun = Lun.fromBytes(Hex.bytes("8005000000000000"));
        assertEquals(Lun.AddressMethod.LOGICAL_UNIT, lun.addressMethod());
        assertEquals(5, lun.number());
        // target 1, bus 2, LUN 3: no single number
        Lun routed = Lun.fromBytes(Hex.bytes("8143000000000000"));
        assertFalse(routed.hasNumber());
        assertEquals("LUN 8143000000000000 (logical unit addressing)", routed.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, routed::number);
        assertEquals("LUN 8143000000000000 (LOGICAL_UNIT addressing) has no single LUN number", e.getMessage());
    }

    @Test
    void extendedAndHierarchicalLunsKeepTheirRawBytes() {
        Lun wlun = Lun.fromBytes(Hex.bytes("c101000000000000"));
        assertEquals(Lun.AddressMethod.EXTENDED, wlun.addressMethod());
        assertFalse(wlun.hasNumber());
        assertEquals("W-LUN 0x01 (REPORT LUNS)", wlun.toString());
        assertEquals("c101000000000000", Hex.of(wlun.toBytes()));
        Lun longLun = Lun.fromBytes(Hex.bytes("e200123456789abc"));
        assertEquals("LUN e200123456789abc (extended addressing)", longLun.toString());
        assertThrows(IllegalStateException.class, longLun::number);
        // peripheral addressing on bus 1, and a second level: not a single number
        assertFalse(Lun.fromBytes(Hex.bytes("0100000000000000")).hasNumber());
        assertEquals("LUN 0001000200000000 (peripheral addressing)",
                Lun.fromBytes(Hex.bytes("0001000200000000")).toString());
    }
}
