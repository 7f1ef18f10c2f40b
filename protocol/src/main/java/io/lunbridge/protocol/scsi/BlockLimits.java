package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;

/**
 * Block Limits (VPD page B0h, SBC-4 6.6.4): transfer and unmap limits the initiator must respect.
 * Lengths are in logical blocks; 0 means "not reported / no limit" except where noted. Older
 * targets send a shorter page (PAGE LENGTH 0Ch, through OPTIMAL TRANSFER LENGTH): fields beyond
 * the page are reported as 0.
 *
 * @param wsnz WSNZ: WRITE SAME with 0 blocks is refused
 * @param maxCompareAndWriteLength MAXIMUM COMPARE AND WRITE LENGTH (0: not supported)
 * @param optimalTransferLengthGranularity OPTIMAL TRANSFER LENGTH GRANULARITY
 * @param maxTransferLength MAXIMUM TRANSFER LENGTH
 * @param optimalTransferLength OPTIMAL TRANSFER LENGTH
 * @param maxUnmapLbaCount MAXIMUM UNMAP LBA COUNT (0: UNMAP not supported, FFFFFFFFh: no limit)
 * @param maxUnmapDescriptorCount MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT (same conventions)
 * @param optimalUnmapGranularity OPTIMAL UNMAP GRANULARITY
 * @param unmapGranularityAlignmentValid UGAVALID
 * @param unmapGranularityAlignment UNMAP GRANULARITY ALIGNMENT (valid only with UGAVALID)
 * @param maxWriteSameLength MAXIMUM WRITE SAME LENGTH
 */
public record BlockLimits(boolean wsnz, int maxCompareAndWriteLength, int optimalTransferLengthGranularity,
                          long maxTransferLength, long optimalTransferLength, long maxUnmapLbaCount,
                          long maxUnmapDescriptorCount, long optimalUnmapGranularity,
                          boolean unmapGranularityAlignmentValid, long unmapGranularityAlignment,
                          long maxWriteSameLength) {
    /** Smallest PAGE LENGTH accepted (SBC-2 era page, through OPTIMAL TRANSFER LENGTH). */
    public static final int MINIMUM_PAGE_LENGTH = 0x0c;

    /** See {@link #parse(byte[])}; reads the readable bytes without consuming them. */
    public static BlockLimits parse(ByteBuf data) {
        return parse(ScsiBytes.readable(data));
    }

    /** Decodes page B0h. */
    public static BlockLimits parse(byte[] data) {
        int end = VpdPage.check(data, VpdPage.BLOCK_LIMITS, "Block Limits");
        if (end - VpdPage.HEADER_LENGTH < MINIMUM_PAGE_LENGTH) {
            throw new ScsiFormatException("VPD page 0xb0 (Block Limits): PAGE LENGTH " + (end - VpdPage.HEADER_LENGTH)
                    + " at offset 2 is less than " + MINIMUM_PAGE_LENGTH + " (OPTIMAL TRANSFER LENGTH ends at offset 15)");
        }
        long alignment = field32(data, end, 32);
        return new BlockLimits((data[4] & 0x01) != 0, ScsiBytes.u8(data, 5), ScsiBytes.u16(data, 6),
                ScsiBytes.u32(data, 8), ScsiBytes.u32(data, 12), field32(data, end, 20), field32(data, end, 24),
                field32(data, end, 28), (alignment & 0x8000_0000L) != 0, alignment & 0x7fff_ffffL,
                end >= 44 ? ScsiBytes.u64(data, 36) : 0);
    }

    private static long field32(byte[] data, int end, int off) {
        return end >= off + 4 ? ScsiBytes.u32(data, off) : 0;
    }
}
