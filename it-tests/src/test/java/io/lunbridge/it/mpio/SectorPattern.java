package io.lunbridge.it.mpio;

import java.nio.ByteBuffer;

/**
 * The data a workload write puts into each 512-byte sector, unique per (write sequence number,
 * sector): bytes 0-7 the sequence number, 8-15 the sector number, the rest 62 words of a
 * SplitMix64 stream seeded by both. A sector read back therefore names the write that produced it,
 * and a torn, misplaced or corrupted sector is recognised as such ({@link #GARBAGE}).
 *
 * <p>Pure functions on caller-owned buffers; the buffers' positions are not changed.
 */
final class SectorPattern {
    /** Bytes per sector. */
    static final int SECTOR = 512;
    /** {@link #decode} of a sector that is all zeroes (never written). */
    static final long ZERO = 0;
    /** {@link #decode} of a sector that is neither zero nor exactly one write's data for this sector. */
    static final long GARBAGE = -1;

    private static final int WORDS = SECTOR / Long.BYTES;

    private SectorPattern() {
    }

    /** Fills {@code count} sectors from {@code sector} on with write {@code seq}'s data, at {@code dst}'s position. */
    static void fill(ByteBuffer dst, long seq, long sector, int count) {
        if (seq <= 0) {
            throw new IllegalArgumentException("write sequence numbers start at 1, got " + seq);
        }
        int base = dst.position();
        for (int s = 0; s < count; s++) {
            int at = base + s * SECTOR;
            dst.putLong(at, seq);
            dst.putLong(at + 8, sector + s);
            for (int w = 2; w < WORDS; w++) {
                dst.putLong(at + w * Long.BYTES, word(seq, sector + s, w));
            }
        }
    }

    /**
     * Which write's data the sector at {@code at} in {@code src} holds, when it is sector
     * {@code sector} of the device: its sequence number, {@link #ZERO} or {@link #GARBAGE}.
     */
    static long decode(ByteBuffer src, int at, long sector) {
        long seq = src.getLong(at);
        if (seq == 0) {
            for (int w = 0; w < WORDS; w++) {
                if (src.getLong(at + w * Long.BYTES) != 0) {
                    return GARBAGE;
                }
            }
            return ZERO;
        }
        if (seq < 0 || src.getLong(at + 8) != sector) {
            return GARBAGE;
        }
        for (int w = 2; w < WORDS; w++) {
            if (src.getLong(at + w * Long.BYTES) != word(seq, sector, w)) {
                return GARBAGE;
            }
        }
        return seq;
    }

    private static long word(long seq, long sector, int index) {
        long z = seq * 0x9E3779B97F4A7C15L + sector * 0xC2B2AE3D27D4EB4FL + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
