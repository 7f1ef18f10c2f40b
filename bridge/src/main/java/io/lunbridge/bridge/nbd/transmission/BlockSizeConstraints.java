package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.Geometry;

/**
 * The minimum / preferred / maximum block sizes announced in NBD_INFO_BLOCK_SIZE, derived from the
 * device geometry: minimum = logical block size, preferred = max(physical, optimal transfer) as a
 * power of two, maximum = min(max transfer, 32 MiB) rounded down to a multiple of the minimum.
 */
public record BlockSizeConstraints(int minimum, int preferred, int maximum) {

    /** The largest request payload this server ever buffers (2^25, proto.md's DoS threshold). */
    public static final int MAX_PAYLOAD = 32 * 1024 * 1024;

    /** Constraints for a device with this geometry. */
    public static BlockSizeConstraints from(Geometry g) {
        int min = g.logicalBlockSize();
        if (min <= 0 || Integer.bitCount(min) != 1 || min > 65536) {
            throw new IllegalArgumentException("logical block size " + min
                    + " is not a power of two between 1 and 65536");
        }
        int max = g.maxTransferBytes() <= 0 ? MAX_PAYLOAD : Math.min(g.maxTransferBytes(), MAX_PAYLOAD);
        max = Math.max(min, max - max % min);
        int preferred = Math.max(Math.max(g.physicalBlockSize(), g.optimalTransferBytes()), Math.max(min, 512));
        preferred = Integer.highestOneBit(preferred);
        preferred = Math.min(preferred, Math.max(Integer.highestOneBit(max), Math.max(min, 512)));
        return new BlockSizeConstraints(min, preferred, max);
    }
}
