package io.lunbridge.block;

/**
 * What a block device is and can do, derived from READ CAPACITY, the Block Limits and Logical Block
 * Provisioning VPD pages and MODE SENSE for an iSCSI LUN.
 *
 * @param sizeBytes capacity in bytes
 * @param logicalBlockSize addressable block size in bytes (512, 4096, …)
 * @param physicalBlockSize preferred alignment in bytes (≥ logical)
 * @param optimalTransferBytes optimal transfer length, 0 if unknown
 * @param maxTransferBytes largest single request the device accepts
 * @param writeProtected the medium is read-only
 * @param thinProvisioned the LUN is thin (allocation status is meaningful)
 * @param canUnmap UNMAP (discard) is supported
 * @param canWriteZeroes WRITE SAME is supported
 * @param canFua the FUA bit is honoured (DPOFUA)
 * @param volatileCache the device has a volatile write cache, so flush matters
 */
public record Geometry(long sizeBytes, int logicalBlockSize, int physicalBlockSize,
                       int optimalTransferBytes, int maxTransferBytes, boolean writeProtected,
                       boolean thinProvisioned, boolean canUnmap, boolean canWriteZeroes,
                       boolean canFua, boolean volatileCache) {
}
