package io.lunbridge.bridge.nbd.transmission;

/** Bits of the 16-bit command flags field of a request (proto.md "Command flags"). */
public final class CommandFlags {
    /** Reply only once the data written by this command is durable. */
    public static final int FUA = 1;
    /** WRITE_ZEROES: the range must stay allocated. */
    public static final int NO_HOLE = 1 << 1;
    /** READ: at most one content chunk in the reply. */
    public static final int DF = 1 << 2;
    /** BLOCK_STATUS: one extent only. */
    public static final int REQ_ONE = 1 << 3;
    /** WRITE_ZEROES: fail with ENOTSUP unless zeroing is faster than writing. */
    public static final int FAST_ZERO = 1 << 4;

    private CommandFlags() {
    }
}
