package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MODE SENSE(10) answers. The page bytes are tgtd's and istgt's real MODE SENSE(6) all-pages answers;
 * only the header is rewritten to the 8-byte MODE SENSE(10) form (same medium type, device-specific
 * parameter and block descriptor length).
 */
class ModeSenseDataTest {
    /** tgtd: a vendor page 00h of length 0, then pages 02h, 08h (WCE), 0Ah, 0Ah/01h (subpage), 1Ch. */
    private static final String TGTD_PAGES = "0000" + "020e8080000a00000000000000000000"
            + "08121400ffff0000ffffffff8014000000000000" + "0a0a02100000000000000200"
            + "4a01001c" + "04000000000000000000000000000000000000000000000000000000"
            + "1c0a08000000000000000000";
    private static final String TGTD = "006c" + "0010" + "0000" + "0008" + "0000000000000200" + TGTD_PAGES;
    /** istgt: block descriptor, then pages with the PS bit set on the Caching page (88h). */
    private static final String ISTGT_PAGES = "010a00000000000000000000"
            + "020e0000000000000000000000000000"
            + "070a00000000000000000000"
            + "8812040000000000000000000000000000000000"
            + "0a0a00000000000000000000"
            + "101600000000000000000000000000000000000000000000"
            + "1a0a00000000000000000000"
            + "1c0a00000000000000000000";

    @Test
    void tgtdAllPages() {
        assertEquals(new ModeSenseData(false, true, Optional.of(true)), ModeSenseData.parse(Hex.bytes(TGTD)));
    }

    @Test
    void istgtAllPagesWithPsBit() {
        String pages = ISTGT_PAGES;
        int length = 8 + 8 + pages.length() / 2 - 2;
        String data = String.format("%04x", length) + "0000" + "0000" + "0008" + "0001000000000200" + pages;
        assertEquals(new ModeSenseData(false, false, Optional.of(true)), ModeSenseData.parse(Hex.bytes(data)));
    }

    @Test
    void cachingPageOnlyWithWriteCacheOffAndWriteProtect() {
        String data = "001a" + "0090" + "0000" + "0000" + "0812" + "10" + "00".repeat(17);
        assertEquals(new ModeSenseData(true, true, Optional.of(false)), ModeSenseData.parse(Hex.bytes(data)));
    }

    @Test
    void noCachingPage() {
        assertEquals(new ModeSenseData(false, false, Optional.empty()),
                ModeSenseData.parse(Hex.bytes("0012" + "0000" + "0000" + "0000" + "0a0a02100000000000000200")));
        assertEquals(new ModeSenseData(false, true, Optional.empty()), ModeSenseData.parse(Hex.bytes("00060010"
                + "00000000")));
    }

    @Test
    void truncatedAnswerSaysSo() {
        String full = "006c" + "0010" + "0000" + "0008" + "0000000000000200" + TGTD_PAGES;
        byte[] cut = java.util.Arrays.copyOf(Hex.bytes(full), 40);
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> ModeSenseData.parse(cut));
        assertEquals("MODE SENSE(10) data: mode page 0x08 at offset 34 (PAGE LENGTH 18) runs to offset 54 but the"
                + " data ends at offset 40 (answer truncated: MODE DATA LENGTH needs 110 bytes; retry with a larger"
                + " allocation length)", e.getMessage());
    }

    @Test
    void malformedHeaders() {
        ScsiFormatException e = assertThrows(ScsiFormatException.class,
                () -> ModeSenseData.parse(Hex.bytes("00060000000000")));
        assertEquals("MODE SENSE(10) data: 7 bytes is shorter than the 8-byte mode parameter header", e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> ModeSenseData.parse(Hex.bytes("000e" + "0000" + "0000" + "0010" + "0000000000000200")));
        assertEquals("MODE SENSE(10) data: BLOCK DESCRIPTOR LENGTH 16 at offset 6 runs to offset 24 but the data ends"
                + " at offset 16 (MODE DATA LENGTH at offset 0 ends the data at offset 16)", e.getMessage());
        e = assertThrows(ScsiFormatException.class,
                () -> ModeSenseData.parse(Hex.bytes("0008" + "0000" + "0000" + "0000" + "0800")));
        assertEquals("MODE SENSE(10) data: Caching mode page at offset 8 has PAGE LENGTH 0, no room for the WCE bit",
                e.getMessage());
    }
}
