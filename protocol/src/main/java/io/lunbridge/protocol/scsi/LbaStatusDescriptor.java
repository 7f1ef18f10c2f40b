package io.lunbridge.protocol.scsi;

/**
 * One LBA status descriptor of GET LBA STATUS parameter data (SBC-4 5.6.2): the provisioning
 * status of {@code blocks} blocks starting at {@code lba}. Feeds NBD block status (holes/zeroes).
 *
 * @param lba first logical block of the extent
 * @param blocks number of blocks in the extent
 * @param provisioningStatus PROVISIONING STATUS: 0 mapped, 1 deallocated, 2 anchored,
 *     3 mapped or unknown (SBC-4 later revisions)
 */
public record LbaStatusDescriptor(long lba, long blocks, int provisioningStatus) {
    /** Mapped (or unknown in old revisions). */
    public static final int MAPPED = 0;
    /** Deallocated. */
    public static final int DEALLOCATED = 1;
    /** Anchored. */
    public static final int ANCHORED = 2;
    /** Mapped or unknown. */
    public static final int MAPPED_OR_UNKNOWN = 3;

    /** Whether the extent is deallocated or anchored, i.e. holds no data of its own. */
    public boolean unmapped() {
        return provisioningStatus == DEALLOCATED || provisioningStatus == ANCHORED;
    }
}
