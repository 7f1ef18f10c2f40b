package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;

/**
 * The common 4-byte header of VPD pages (SPC-4 7.8.1): peripheral qualifier/type, PAGE CODE and a
 * 2-byte PAGE LENGTH. It checks that an answer is the page that was asked for and complete, and
 * tells a caller whose allocation length was too small how much to ask for.
 */
public final class VpdPage {
    /** Supported VPD Pages. */
    public static final int SUPPORTED_PAGES = 0x00;
    /** Unit Serial Number. */
    public static final int UNIT_SERIAL_NUMBER = 0x80;
    /** Device Identification. */
    public static final int DEVICE_IDENTIFICATION = 0x83;
    /** Block Limits (SBC). */
    public static final int BLOCK_LIMITS = 0xb0;
    /** Block Device Characteristics (SBC). */
    public static final int BLOCK_DEVICE_CHARACTERISTICS = 0xb1;
    /** Logical Block Provisioning (SBC). */
    public static final int LOGICAL_BLOCK_PROVISIONING = 0xb2;
    /** Length of the VPD page header. */
    public static final int HEADER_LENGTH = 4;

    private VpdPage() {
    }

    /** The PAGE CODE of a VPD answer. */
    public static int pageCode(byte[] data) {
        header(data, "VPD page");
        return ScsiBytes.u8(data, 1);
    }

    /** Total bytes the complete page needs (4 + PAGE LENGTH); retry INQUIRY with at least this. */
    public static int requiredLength(byte[] data) {
        header(data, "VPD page");
        return HEADER_LENGTH + ScsiBytes.u16(data, 2);
    }

    /** See {@link #requiredLength(byte[])}. */
    public static int requiredLength(ByteBuf data) {
        return requiredLength(ScsiBytes.readable(data));
    }

    /**
     * Checks header, page code and completeness; returns the offset just past the page (bytes
     * beyond it are ignored).
     */
    static int check(byte[] data, int expectedPage, String name) {
        String what = "VPD page " + ScsiBytes.hex2(expectedPage) + " (" + name + ")";
        header(data, what);
        int page = ScsiBytes.u8(data, 1);
        if (page != expectedPage) {
            throw new ScsiFormatException(what + ": PAGE CODE at offset 1 is " + ScsiBytes.hex2(page));
        }
        int end = HEADER_LENGTH + ScsiBytes.u16(data, 2);
        if (end > data.length) {
            throw new ScsiFormatException(what + " truncated: PAGE LENGTH at offset 2 claims "
                    + (end - HEADER_LENGTH) + " bytes after the header (page ends at offset " + end
                    + "), got " + data.length + " bytes in all; retry with an allocation length of at least "
                    + end);
        }
        return end;
    }

    private static void header(byte[] data, String what) {
        ScsiBytes.notNull(data, what);
        if (data.length < HEADER_LENGTH) {
            throw new ScsiFormatException(what + ": " + data.length + " bytes is shorter than the 4-byte header");
        }
    }
}
