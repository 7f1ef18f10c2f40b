package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** VPD page 83h from tgtd and istgt, and the LUN identity preference order. */
class DeviceIdentificationVpdTest {
    /** tgtd 1.0.85, LUN 1: T10 vendor ID, NAA 3, NAA 6 (76 bytes). */
    static final String TGTD = "00830048"
            + "02010024" + "4945542020202020" + "3030303130303031" + "0000000000000000000000000000000000000000"
            + "01030008" + "3000000100000001"
            + "01030010" + "60000000000000000e00000000010001";
    /** istgt 0.4, LUN 0 (189 bytes). */
    static final String ISTGT = "008300b9"
            + "01030008" + "3000000076212a04"
            + "03010038" + "46726565425344206953435349204449534b2020202020203130303030303031202020202020202020202020202020202020202020202020"
            + "53a80024" + "69716e2e323032362d31312e696f2e6c756e6272696467652e69737467743a6469736b31"
            + "5398002d" + "69716e2e323032362d31312e696f2e6c756e6272696467652e69737467743a6469736b312c742c307830303031"
            + "51940004" + "00000001"
            + "51950004" + "00000001"
            + "51960004" + "00000001";

    @Test
    void tgtdDesignators() {
        DeviceIdentification page = DeviceIdentification.parse(Hex.bytes(TGTD));
        assertEquals(3, page.designators().size());
        Designator t10 = page.designators().get(0);
        assertEquals(Designator.CODE_SET_ASCII, t10.codeSet());
        assertEquals(Designator.TYPE_T10_VENDOR_ID, t10.type());
        assertEquals(Designator.ASSOCIATION_LOGICAL_UNIT, t10.association());
        assertFalse(t10.piv());
        assertEquals("IET     00010001", t10.text());
        assertEquals("3000000100000001", page.designators().get(1).hex());
        assertEquals(Optional.of(new LunIdentity("naa", "naa.60000000000000000e00000000010001")), page.lunIdentity());
        assertEquals(OptionalInt.empty(), page.targetPortGroup());
    }

    @Test
    void tgtdAnswerCutByAllocationLengthIsRefusedWithTheNeededLength() {
        byte[] data = Arrays.copyOf(Hex.bytes(TGTD), 64);
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> DeviceIdentification.parse(data));
        assertEquals("VPD page 0x83 (Device Identification) truncated: PAGE LENGTH at offset 2 claims 72 bytes after"
                + " the header (page ends at offset 76), got 64 bytes in all; retry with an allocation length of at"
                + " least 76", e.getMessage());
        assertEquals(76, VpdPage.requiredLength(data));
    }

    @Test
    void istgtDesignatorsWithPortsAndNameStrings() {
        DeviceIdentification page = DeviceIdentification.parse(Hex.bytes(ISTGT));
        assertEquals(7, page.designators().size());
        Designator t10 = page.designators().get(1);
        assertEquals(Designator.CODE_SET_UTF8, t10.codeSet());
        assertEquals("FreeBSD iSCSI DISK      10000001", t10.text());
        Designator targetName = page.designators().get(2);
        assertEquals(Designator.TYPE_SCSI_NAME_STRING, targetName.type());
        assertEquals(Designator.ASSOCIATION_TARGET_DEVICE, targetName.association());
        assertTrue(targetName.piv());
        assertEquals(5, targetName.protocolId());
        assertEquals("iqn.2026-11.io.lunbridge.istgt:disk1", targetName.text());
        assertEquals("iqn.2026-11.io.lunbridge.istgt:disk1,t,0x0001", page.designators().get(3).text());
        assertEquals(OptionalInt.of(1), page.relativeTargetPort());
        assertEquals(OptionalInt.of(1), page.targetPortGroup());
        // only the NAA 3 designator is associated with the logical unit (besides T10)
        assertEquals(Optional.of(new LunIdentity("naa", "naa.3000000076212a04")), page.lunIdentity());
    }

    @Test
    void naaRegisteredExtendedBeatsRegisteredBeatsLocal() {
        String naa3 = lu(1, 3, "3000000100000001");
        String naa5 = lu(1, 3, "5001405abcdef012");
        String naa6 = lu(1, 3, "6001405abcdef0123456789abcdef012");
        assertEquals("naa.6001405abcdef0123456789abcdef012", identity(naa3 + naa5 + naa6));
        assertEquals("naa.5001405abcdef012", identity(naa3 + naa5));
        assertEquals("naa.3000000100000001", identity(naa3 + lu(1, 3, "2000001122334455")));
        assertEquals("naa.2000001122334455", identity(lu(1, 3, "2000001122334455") + naa3));
    }

    @Test
    void thenEui64ThenNameStringThenT10() {
        String eui = lu(1, 2, "0123456789abcdef");
        String name = lu(3, 8, hexOf("iqn.2026-11.io.lunbridge:lu1") + "00000000");
        String t10 = lu(2, 1, hexOf("LIO-ORG disk1   "));
        assertEquals("naa.5001405abcdef012", identity(t10 + name + eui + lu(1, 3, "5001405abcdef012")));
        assertEquals("eui.0123456789abcdef", identity(t10 + name + eui));
        assertEquals("iqn.2026-11.io.lunbridge:lu1", identity(t10 + name));
        assertEquals("t10.LIO-ORG disk1", identity(t10));
    }

    @Test
    void onlyLogicalUnitAssociationCountsAndMalformedCandidatesAreSkipped() {
        // an NAA 6 for the target port (association 1) and an NAA 6 of the wrong length
        String portNaa = "0113" + "0010" + "60000000000000000e00000000010001";
        String shortNaa6 = lu(1, 3, "6000000000000001");
        String asciiEui = lu(2, 2, hexOf("01234567"));
        assertEquals(Optional.empty(), DeviceIdentification.parse(page(portNaa + shortNaa6 + asciiEui)).lunIdentity());
        assertEquals("t10.X", identity(portNaa + shortNaa6 + lu(2, 1, hexOf("X"))));
    }

    @Test
    void descriptorRunningPastThePageIsRefused() {
        byte[] data = Hex.bytes("0083000a" + "01030008" + "300000010000");
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> DeviceIdentification.parse(data));
        assertEquals("VPD page 0x83 (Device Identification): designation descriptor at offset 4 claims"
                + " DESIGNATOR LENGTH 8 but the page ends at offset 14", e.getMessage());
        e = assertThrows(ScsiFormatException.class, () -> DeviceIdentification.parse(Hex.bytes("00830002" + "0103")));
        assertEquals("VPD page 0x83 (Device Identification): designation descriptor at offset 4 has 2 bytes,"
                + " less than its 4-byte header", e.getMessage());
    }

    @Test
    void designatorValueIsNotShared() {
        DeviceIdentification page = DeviceIdentification.parse(Hex.bytes(TGTD));
        page.designators().get(1).value()[0] = 0;
        assertEquals("3000000100000001", page.designators().get(1).hex());
        assertEquals(page.designators().get(1), DeviceIdentification.parse(Hex.bytes(TGTD)).designators().get(1));
    }

    private static String identity(String descriptors) {
        return DeviceIdentification.parse(page(descriptors)).lunIdentity().orElseThrow().value();
    }

    private static String lu(int codeSet, int type, String valueHex) {
        return String.format("%02x%02x00%02x", codeSet, type, valueHex.length() / 2) + valueHex;
    }

    private static byte[] page(String descriptors) {
        return Hex.bytes(String.format("0083%04x", descriptors.length() / 2) + descriptors);
    }

    private static String hexOf(String ascii) {
        return Hex.of(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
