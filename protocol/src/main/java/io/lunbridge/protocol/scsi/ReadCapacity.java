package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;

/**
 * READ CAPACITY parameter data (SBC-4 5.20.2 and 5.21.2): size and block geometry of a logical
 * unit. READ CAPACITY(10) answers carry only the first two fields; when its LBA saturates at
 * FFFFFFFFh ({@link #needs16()}) READ CAPACITY(16) must be sent.
 *
 * @param lastLba RETURNED LOGICAL BLOCK ADDRESS (the last addressable block)
 * @param blockLength LOGICAL BLOCK LENGTH IN BYTES
 * @param logicalBlocksPerPhysicalExponent physical block = 2^n logical blocks
 * @param lowestAlignedLba LOWEST ALIGNED LOGICAL BLOCK ADDRESS
 * @param thinProvisioningEnabled LBPME
 * @param readZeroesAfterUnmap LBPRZ
 * @param protectionEnabled PROT_EN
 */
public record ReadCapacity(long lastLba, int blockLength, int logicalBlocksPerPhysicalExponent,
                           int lowestAlignedLba, boolean thinProvisioningEnabled, boolean readZeroesAfterUnmap,
                           boolean protectionEnabled) {
    /** Bytes of READ CAPACITY(10) data. */
    public static final int LENGTH_10 = 8;
    /** Bytes of READ CAPACITY(16) data that carry fields (the rest of the 32 are reserved). */
    public static final int MINIMUM_LENGTH_16 = 16;
    /** Allocation length to send with READ CAPACITY(16). */
    public static final int ALLOCATION_LENGTH_16 = 32;

    /** See {@link #parse10(byte[])}; reads the readable bytes without consuming them. */
    public static ReadCapacity parse10(ByteBuf data) {
        return parse10(ScsiBytes.readable(data));
    }

    /** Decodes READ CAPACITY(10) data (8 bytes). */
    public static ReadCapacity parse10(byte[] data) {
        require(data, LENGTH_10, "READ CAPACITY(10)");
        return new ReadCapacity(ScsiBytes.u32(data, 0), blockLength(data, 4, "READ CAPACITY(10)"), 0, 0, false, false,
                false);
    }

    /** See {@link #parse16(byte[])}; reads the readable bytes without consuming them. */
    public static ReadCapacity parse16(ByteBuf data) {
        return parse16(ScsiBytes.readable(data));
    }

    /** Decodes READ CAPACITY(16) data (at least 16 bytes). */
    public static ReadCapacity parse16(byte[] data) {
        require(data, MINIMUM_LENGTH_16, "READ CAPACITY(16)");
        long lastLba = ScsiBytes.u64(data, 0);
        if (lastLba < 0) {
            throw new ScsiFormatException("READ CAPACITY(16) data: RETURNED LOGICAL BLOCK ADDRESS 0x"
                    + Long.toHexString(lastLba) + " at offset 0 exceeds 2^63-1");
        }
        int b14 = ScsiBytes.u8(data, 14);
        return new ReadCapacity(lastLba, blockLength(data, 8, "READ CAPACITY(16)"), data[13] & 0x0f,
                (b14 & 0x3f) << 8 | ScsiBytes.u8(data, 15), (b14 & 0x80) != 0, (b14 & 0x40) != 0,
                (data[12] & 0x01) != 0);
    }

    /** Number of logical blocks. */
    public long blocks() {
        return lastLba + 1;
    }

    /** Capacity in bytes. */
    public long sizeBytes() {
        return Math.multiplyExact(blocks(), (long) blockLength);
    }

    /** Physical block size in bytes. */
    public long physicalBlockLength() {
        return (long) blockLength << logicalBlocksPerPhysicalExponent;
    }

    /** Whether READ CAPACITY(10) saturated (FFFFFFFFh) and READ CAPACITY(16) is needed. */
    public boolean needs16() {
        return lastLba == 0xffff_ffffL;
    }

    private static int blockLength(byte[] data, int offset, String what) {
        long len = ScsiBytes.u32(data, offset);
        if (len == 0 || len > Integer.MAX_VALUE) {
            throw new ScsiFormatException(what + " data: LOGICAL BLOCK LENGTH " + len + " at offset "
                    + offset + " is not a usable block size");
        }
        return (int) len;
    }

    private static void require(byte[] data, int length, String what) {
        ScsiBytes.notNull(data, what + " data");
        if (data.length < length) {
            throw new ScsiFormatException(what + " data: " + data.length + " bytes, need at least " + length);
        }
    }
}
