package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.Geometry;

/**
 * The 16-bit transmission flags announced for an export (proto.md "Transmission flags").
 *
 * <p>CAN_MULTI_CONN is always set: every connection to an export talks to the same
 * {@link io.lunbridge.block.BlockDevice}, and FLUSH / FUA go to the shared target (SYNCHRONIZE
 * CACHE, FUA bit), so their effect is visible to every connection when the reply is sent. The bridge
 * keeps no cache of its own.
 */
public final class TransmissionFlags {
    public static final int HAS_FLAGS = 1;
    public static final int READ_ONLY = 1 << 1;
    public static final int SEND_FLUSH = 1 << 2;
    public static final int SEND_FUA = 1 << 3;
    public static final int ROTATIONAL = 1 << 4;
    public static final int SEND_TRIM = 1 << 5;
    public static final int SEND_WRITE_ZEROES = 1 << 6;
    public static final int SEND_DF = 1 << 7;
    public static final int CAN_MULTI_CONN = 1 << 8;
    public static final int SEND_CACHE = 1 << 10;
    public static final int SEND_FAST_ZERO = 1 << 11;

    private TransmissionFlags() {
    }

    /** Flags for a device with geometry {@code g}; DF only when structured replies were negotiated. */
    public static int of(Geometry g, boolean structuredReplies) {
        int flags = HAS_FLAGS | SEND_FLUSH | SEND_WRITE_ZEROES | SEND_FAST_ZERO | SEND_CACHE | CAN_MULTI_CONN;
        if (g.writeProtected()) {
            flags |= READ_ONLY;
        }
        if (g.canFua()) {
            flags |= SEND_FUA;
        }
        if (g.canUnmap()) {
            flags |= SEND_TRIM;
        }
        if (structuredReplies) {
            flags |= SEND_DF;
        }
        return flags;
    }
}
