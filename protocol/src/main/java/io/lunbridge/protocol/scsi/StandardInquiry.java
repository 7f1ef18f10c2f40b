package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;

/**
 * Standard INQUIRY data (SPC-4 6.6.2): what the logical unit is and who made it. The first 36
 * bytes are required; version descriptors and vendor-specific bytes after them are ignored.
 *
 * @param peripheralQualifier 0 connected, 1 not connected now, 3 no logical unit at this LUN
 * @param deviceType peripheral device type (0 direct access block, 0x0c storage array controller)
 * @param removable RMB
 * @param version VERSION (5 SPC-3, 6 SPC-4)
 * @param responseDataFormat RESPONSE DATA FORMAT (2 for SPC-2 and later)
 * @param hiSup HISUP: hierarchical LUN addressing
 * @param implicitAlua TPGS bit 0: implicit asymmetric access
 * @param explicitAlua TPGS bit 1: explicit asymmetric access (SET TARGET PORT GROUPS)
 * @param protect PROTECT: protection information supported
 * @param multiP MULTIP: more than one port
 * @param cmdQue CMDQUE: command queuing
 * @param vendor T10 VENDOR IDENTIFICATION, trailing spaces removed
 * @param product PRODUCT IDENTIFICATION, trailing spaces removed
 * @param revision PRODUCT REVISION LEVEL, trailing spaces removed
 */
public record StandardInquiry(int peripheralQualifier, int deviceType, boolean removable, int version,
                              int responseDataFormat, boolean hiSup, boolean implicitAlua,
                              boolean explicitAlua, boolean protect, boolean multiP, boolean cmdQue,
                              String vendor, String product, String revision) {
    /** Bytes a standard INQUIRY answer must have (through PRODUCT REVISION LEVEL). */
    public static final int MINIMUM_LENGTH = 36;
    /** Peripheral device type of a direct-access block device (SBC). */
    public static final int TYPE_DIRECT_ACCESS = 0x00;
    /** Peripheral device type of a storage array controller (tgtd's LUN 0). */
    public static final int TYPE_STORAGE_ARRAY_CONTROLLER = 0x0c;

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static StandardInquiry parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /**
     * Decodes standard INQUIRY data.
     *
     * @throws ScsiFormatException if fewer than 36 bytes arrived or the data is a VPD page
     */
    public static StandardInquiry parse(byte[] data) {
        ScsiBytes.notNull(data, "standard INQUIRY data");
        if (data.length < MINIMUM_LENGTH) {
            throw new ScsiFormatException("standard INQUIRY data: " + data.length
                    + " bytes, need at least " + MINIMUM_LENGTH
                    + " (PRODUCT REVISION LEVEL ends at offset 35)");
        }
        int b0 = ScsiBytes.u8(data, 0);
        int b5 = ScsiBytes.u8(data, 5);
        int b6 = ScsiBytes.u8(data, 6);
        int b7 = ScsiBytes.u8(data, 7);
        return new StandardInquiry(b0 >>> 5, b0 & 0x1f, (data[1] & 0x80) != 0, ScsiBytes.u8(data, 2),
                data[3] & 0x0f, (data[3] & 0x10) != 0, (b5 & 0x10) != 0, (b5 & 0x20) != 0, (b5 & 0x01) != 0,
                (b6 & 0x10) != 0, (b7 & 0x02) != 0,
                ScsiBytes.text(data, 8, 8, false), ScsiBytes.text(data, 16, 16, false),
                ScsiBytes.text(data, 32, 4, false));
    }

    /** TPGS != 0: the logical unit supports asymmetric logical unit access (ALUA). */
    public boolean tpgs() {
        return implicitAlua || explicitAlua;
    }

    /** Peripheral qualifier 000b: a logical unit is connected at this LUN. */
    public boolean connected() {
        return peripheralQualifier == 0;
    }

    /** A connected direct-access block device: something to export. */
    public boolean isDirectAccessBlockDevice() {
        return connected() && deviceType == TYPE_DIRECT_ACCESS;
    }
}
