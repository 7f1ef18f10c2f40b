package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;

/**
 * Unit Serial Number (VPD page 80h, SPC-4 7.8.15). Targets pad the ASCII serial with spaces on
 * either side (tgtd right-aligns it in 36 bytes); both ends are trimmed.
 *
 * @param serial the product serial number, empty if the target reports only spaces
 */
public record UnitSerialNumber(String serial) {
    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static UnitSerialNumber parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /** Decodes page 80h. */
    public static UnitSerialNumber parse(byte[] data) {
        int end = VpdPage.check(data, VpdPage.UNIT_SERIAL_NUMBER, "Unit Serial Number");
        return new UnitSerialNumber(
                ScsiBytes.text(data, VpdPage.HEADER_LENGTH, end - VpdPage.HEADER_LENGTH, false).strip());
    }
}
