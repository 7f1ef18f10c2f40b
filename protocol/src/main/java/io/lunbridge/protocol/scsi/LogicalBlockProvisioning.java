package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;

/**
 * Logical Block Provisioning (VPD page B2h, SBC-4 6.6.6): which deallocation commands the
 * logical unit supports and what unmapped blocks read back as. Decides whether NBD trim and
 * write-zeroes map to UNMAP / WRITE SAME with UNMAP.
 *
 * @param thresholdExponent THRESHOLD EXPONENT
 * @param lbpu LBPU: UNMAP supported
 * @param lbpws LBPWS: WRITE SAME(16) with UNMAP supported
 * @param lbpws10 LBPWS10: WRITE SAME(10) with UNMAP supported
 * @param lbprz LBPRZ (bit 0 of the field): deallocated blocks read as zeroes
 * @param ancSup ANC_SUP: anchor supported
 * @param dp DP: a provisioning group descriptor follows
 * @param provisioningType PROVISIONING TYPE
 */
public record LogicalBlockProvisioning(int thresholdExponent, boolean lbpu, boolean lbpws, boolean lbpws10,
                                       boolean lbprz, boolean ancSup, boolean dp,
                                       ProvisioningType provisioningType) {
    /** PROVISIONING TYPE field values. */
    public enum ProvisioningType {
        /** 000b: fully provisioned (or not reported by SBC-3 targets). */
        FULL,
        /** 001b: resource provisioned. */
        RESOURCE,
        /** 010b: thin provisioned. */
        THIN,
        /** A reserved value. */
        RESERVED;

        static ProvisioningType of(int code) {
            return code < 3 ? values()[code] : RESERVED;
        }
    }

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static LogicalBlockProvisioning parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /** Decodes page B2h. */
    public static LogicalBlockProvisioning parse(byte[] data) {
        int end = VpdPage.check(data, VpdPage.LOGICAL_BLOCK_PROVISIONING, "Logical Block Provisioning");
        if (end < 8) {
            throw new ScsiFormatException("VPD page 0xb2 (Logical Block Provisioning): PAGE LENGTH "
                    + (end - VpdPage.HEADER_LENGTH) + " at offset 2 is less than 4 (PROVISIONING TYPE is at offset 6)");
        }
        int b5 = ScsiBytes.u8(data, 5);
        return new LogicalBlockProvisioning(ScsiBytes.u8(data, 4), (b5 & 0x80) != 0, (b5 & 0x40) != 0,
                (b5 & 0x20) != 0, (b5 & 0x04) != 0, (b5 & 0x02) != 0, (b5 & 0x01) != 0,
                ProvisioningType.of(data[6] & 0x07));
    }
}
