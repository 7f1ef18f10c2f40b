package io.lunbridge.protocol.scsi;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes UNMAP parameter lists (SBC-4 5.32.2): an 8-byte header (UNMAP DATA LENGTH, UNMAP BLOCK
 * DESCRIPTOR DATA LENGTH) followed by 16-byte block descriptors (LBA, NUMBER OF LOGICAL BLOCKS).
 * {@link #split} turns any list of ranges into as many parameter lists as the target's Block Limits
 * (VPD B0h) require, so that no UNMAP exceeds the maximum descriptor count or LBA count.
 */
public final class UnmapParameterList {
    /** Length of the parameter list header. */
    public static final int HEADER_LENGTH = 8;
    /** Length of one UNMAP block descriptor. */
    public static final int DESCRIPTOR_LENGTH = 16;
    /** Descriptors that fit in the 16-bit PARAMETER LIST LENGTH of the UNMAP CDB. */
    public static final int MAX_DESCRIPTORS_PER_LIST = (0xffff - HEADER_LENGTH) / DESCRIPTOR_LENGTH;
    /** Largest NUMBER OF LOGICAL BLOCKS of one descriptor (32-bit field). */
    public static final long MAX_BLOCKS_PER_DESCRIPTOR = 0xffffffffL;
    /** Block Limits value meaning "no limit" for the unmap LBA and descriptor counts. */
    public static final long UNLIMITED = 0xffffffffL;

    /**
     * A run of logical blocks to unmap.
     *
     * @param lba first logical block, not negative
     * @param blocks number of blocks, at least 1
     */
    public record Range(long lba, long blocks) {
        public Range {
            if (lba < 0) {
                throw new IllegalArgumentException("UNMAP range: lba " + lba + " is negative");
            }
            if (blocks < 1) {
                throw new IllegalArgumentException("UNMAP range at lba " + lba + ": blocks " + blocks
                        + " must be at least 1");
            }
            if (lba > Long.MAX_VALUE - blocks) {
                throw new IllegalArgumentException("UNMAP range: lba " + lba + " + blocks " + blocks
                        + " overflows the 64-bit LBA space");
            }
        }
    }

    private UnmapParameterList() {
    }

    /**
     * Encodes one parameter list holding exactly these descriptors.
     *
     * @param descriptors 1..{@value #MAX_DESCRIPTORS_PER_LIST} ranges of at most
     *     {@value #MAX_BLOCKS_PER_DESCRIPTOR} blocks each
     * @return the parameter list; its length is the UNMAP CDB's PARAMETER LIST LENGTH
     */
    public static byte[] encode(List<Range> descriptors) {
        if (descriptors == null || descriptors.isEmpty()) {
            throw new IllegalArgumentException("UNMAP parameter list needs at least one descriptor");
        }
        if (descriptors.size() > MAX_DESCRIPTORS_PER_LIST) {
            throw new IllegalArgumentException("UNMAP parameter list: " + descriptors.size()
                    + " descriptors exceed the " + MAX_DESCRIPTORS_PER_LIST
                    + " that fit in a 16-bit parameter list length");
        }
        int n = descriptors.size();
        byte[] list = new byte[HEADER_LENGTH + n * DESCRIPTOR_LENGTH];
        ScsiBytes.put16(list, 0, list.length - 2);
        ScsiBytes.put16(list, 2, n * DESCRIPTOR_LENGTH);
        for (int i = 0; i < n; i++) {
            Range r = descriptors.get(i);
            if (r.blocks() > MAX_BLOCKS_PER_DESCRIPTOR) {
                throw new IllegalArgumentException("UNMAP descriptor " + i + " at lba " + r.lba() + ": blocks "
                        + r.blocks() + " exceed the 32-bit field (max " + MAX_BLOCKS_PER_DESCRIPTOR + ")");
            }
            int off = HEADER_LENGTH + i * DESCRIPTOR_LENGTH;
            ScsiBytes.put64(list, off, r.lba());
            ScsiBytes.put32(list, off + 8, r.blocks());
        }
        return list;
    }

    /**
     * Splits ranges into parameter lists that respect the target's limits, keeping their order.
     * Long ranges are cut into several descriptors; a list is closed when it holds
     * {@code maxDescriptors} descriptors or {@code maxLbaCount} blocks.
     *
     * @param ranges the ranges to unmap (may be empty: no list)
     * @param maxDescriptors MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT (1.., {@link #UNLIMITED} for none)
     * @param maxLbaCount MAXIMUM UNMAP LBA COUNT (1.., {@link #UNLIMITED} for none)
     * @return the parameter lists, each to be sent with {@code Cdbs.unmap(list.length)}
     */
    public static List<byte[]> split(List<Range> ranges, long maxDescriptors, long maxLbaCount) {
        if (ranges == null) {
            throw new IllegalArgumentException("UNMAP ranges must not be null");
        }
        if (maxDescriptors < 1 || maxDescriptors > UNLIMITED) {
            throw new IllegalArgumentException("UNMAP: maxDescriptors " + maxDescriptors
                    + " out of range 1..4294967295 (0 means the target does not support UNMAP)");
        }
        if (maxLbaCount < 1 || maxLbaCount > UNLIMITED) {
            throw new IllegalArgumentException("UNMAP: maxLbaCount " + maxLbaCount
                    + " out of range 1..4294967295 (0 means the target does not support UNMAP)");
        }
        int perList = (int) Math.min(maxDescriptors, MAX_DESCRIPTORS_PER_LIST);
        long lbaLimit = maxLbaCount == UNLIMITED ? Long.MAX_VALUE : maxLbaCount;
        List<byte[]> lists = new ArrayList<>();
        List<Range> current = new ArrayList<>();
        long currentBlocks = 0;
        for (Range r : ranges) {
            long lba = r.lba();
            long remaining = r.blocks();
            while (remaining > 0) {
                long room = Math.min(MAX_BLOCKS_PER_DESCRIPTOR, lbaLimit - currentBlocks);
                if (room == 0 || current.size() == perList) {
                    lists.add(encode(current));
                    current = new ArrayList<>();
                    currentBlocks = 0;
                    continue;
                }
                long chunk = Math.min(remaining, room);
                current.add(new Range(lba, chunk));
                currentBlocks += chunk;
                lba += chunk;
                remaining -= chunk;
            }
        }
        if (!current.isEmpty()) {
            lists.add(encode(current));
        }
        return lists;
    }
}
