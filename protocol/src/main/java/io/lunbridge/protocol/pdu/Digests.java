package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * iSCSI header and data digests: CRC32C (RFC 7143 §13.1, Castagnoli polynomial) over a
 * {@link ByteBuf} region without copying it, using {@link CRC32C} (intrinsified on current JVMs)
 * on the buffer's NIO views.
 *
 * <p>On the wire the 32-bit digest is sent least significant byte first (RFC 3720 Appendix B.4
 * lists the CRC of 32 zero bytes, 0x8a9136aa, as the bytes {@code aa 36 91 8a}; tgtd and libiscsi
 * agree). Use {@link #write(ByteBuf, int)} and {@link #read(ByteBuf, int)} for that.
 */
public final class Digests {
    /** Length of a digest on the wire. */
    public static final int LENGTH = 4;

    private static final byte[] ZEROS = new byte[3];

    private Digests() {
    }

    /** CRC32C of {@code length} bytes of {@code buf} from absolute {@code index}; indices unchanged. */
    public static int crc32c(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        update(crc, buf, index, length);
        return (int) crc.getValue();
    }

    /**
     * The data digest of a data segment: CRC32C over the {@code length} bytes at {@code index}
     * followed by the zero padding up to a multiple of four (RFC 7143 §11.2.4 and §13.1).
     */
    public static int dataDigest(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        update(crc, buf, index, length);
        crc.update(ZEROS, 0, PduCodec.padding(length));
        return (int) crc.getValue();
    }

    /** Feeds a region of {@code buf} into {@code crc} through its NIO views (no copy). */
    public static void update(CRC32C crc, ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
            return;
        }
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length)); // a view: one NIO buffer needs no merging
            return;
        }
        for (ByteBuffer part : buf.nioBuffers(index, length)) {
            crc.update(part);
        }
    }

    /** Appends a digest in wire byte order. */
    public static void write(ByteBuf out, int digest) {
        out.writeIntLE(digest);
    }

    /** Reads a digest in wire byte order at absolute {@code index}. */
    public static int read(ByteBuf buf, int index) {
        return buf.getIntLE(index);
    }
}
