package io.lunbridge.bridge.nbd.transmission;

import io.netty.buffer.ByteBuf;

/**
 * One decoded transmission request (proto.md "Request message"). {@code payload} is the write data,
 * a retained slice of the receive buffer (no copy), or {@code null} for every other type; whoever
 * consumes the request owns it and must pass it on to the device or release it.
 *
 * @param flags command flags
 * @param type raw 16-bit command type (may be unknown)
 * @param handle client cookie echoed in the reply
 * @param offset unsigned 64-bit offset (negative means ≥ 2^63)
 * @param length unsigned 32-bit length
 * @param payload write data or null
 */
public record NbdRequest(int flags, int type, long handle, long offset, long length, ByteBuf payload) {

    /** Size of the fixed request header in bytes. */
    public static final int HEADER_BYTES = 28;
    /** NBD_REQUEST_MAGIC. */
    public static final int MAGIC = 0x25609513;

    /** Releases the payload, if any. */
    public void release() {
        if (payload != null && payload.refCnt() > 0) {
            payload.release();
        }
    }

    /** The known command, or null for an unknown type. */
    public Command command() {
        return Command.known(type);
    }

    @Override
    public String toString() {
        return "NbdRequest[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", handle=0x"
                + Long.toHexString(handle) + ", offset=" + Long.toUnsignedString(offset) + ", length=" + length + "]";
    }
}
