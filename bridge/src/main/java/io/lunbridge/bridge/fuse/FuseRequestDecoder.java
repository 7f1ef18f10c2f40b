package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes one request read from /dev/fuse (one read(2) returns exactly one request) into a
 * {@link FuseRequest}. Pure: no I/O, layouts from the kernel's uapi fuse.h, little-endian (the
 * kernel writes host order; lunbridge runs on little-endian Linux only).
 *
 * <p>Bounds: the frame is one read(2) of /dev/fuse, at most the server's buffer; a READ asks for
 * at most {@link #MAX_READ_BYTES} and a looked-up name has at most {@link #MAX_NAME_BYTES}.
 *
 * <p>Malformed input is a {@link FuseFormatException} (the decoder-error convention): the field as
 * fuse.h names it and its offset from the start of the request.
 *
 * <p>The frame is not released here; for {@link FuseRequest.Write} the data is a retained slice of
 * it, so the caller releases the frame after decoding either way.
 */
public final class FuseRequestDecoder {
    /**
     * Largest READ accepted: the kernel asks for at most max_pages pages (4 MiB with FUSE_MAX_PAGES
     * on 4 KiB pages), so a larger size is refused before a buffer is sized for it.
     */
    public static final int MAX_READ_BYTES = 32 * 1024 * 1024;
    /** Longest name looked up, in bytes (NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;
    private static final int INIT_IN_MIN = 16;
    private static final int INIT_EXT = 1 << 30;
    private static final int READ_IN = 40;
    private static final int WRITE_IN = 40;

    /**
     * Decodes the readable bytes of {@code frame}.
     *
     * @throws FuseFormatException naming the field (as fuse.h does) and its offset from the start of
     *     the request
     */
    public FuseRequest decode(ByteBuf frame) {
        int r = frame.readerIndex();
        int available = frame.readableBytes();
        if (available < FuseInHeader.SIZE) {
            throw new FuseFormatException("fuse_in_header", 0, available + " bytes, need " + FuseInHeader.SIZE);
        }
        FuseInHeader h = new FuseInHeader(frame.getIntLE(r), frame.getIntLE(r + 4), frame.getLongLE(r + 8),
                frame.getLongLE(r + 16), frame.getIntLE(r + 24), frame.getIntLE(r + 28), frame.getIntLE(r + 32));
        if (h.length() != available) {
            throw new FuseFormatException("fuse_in_header.len", 0, Integer.toUnsignedString(h.length())
                    + " does not match the " + available + " bytes read (opcode " + h.opcode() + ")");
        }
        int a = r + FuseInHeader.SIZE;
        int argLength = available - FuseInHeader.SIZE;
        Optional<FuseOpcode> op = FuseOpcode.of(h.opcode());
        if (op.isEmpty()) {
            return new FuseRequest.Unsupported(h);
        }
        switch (op.get()) {
            case INIT: {
                need(h, "fuse_init_in", argLength, INIT_IN_MIN);
                int flags = frame.getIntLE(a + 12);
                long flags2 = argLength >= 20 && (flags & INIT_EXT) != 0 ? frame.getUnsignedIntLE(a + 16) : 0;
                return new FuseRequest.Init(h, frame.getIntLE(a), frame.getIntLE(a + 4), frame.getIntLE(a + 8),
                        Integer.toUnsignedLong(flags) | flags2 << 32);
            }
            case LOOKUP:
                return new FuseRequest.Lookup(h, name(h, frame, a, argLength, a - r));
            case FORGET:
                need(h, "fuse_forget_in", argLength, 8);
                return new FuseRequest.Forget(h, frame.getLongLE(a));
            case BATCH_FORGET: {
                need(h, "fuse_batch_forget_in", argLength, 8);
                int count = frame.getIntLE(a);
                if (count < 0 || 8 + 16L * count > argLength) {
                    throw new FuseFormatException("fuse_batch_forget_in.count", a - r, Integer.toUnsignedString(count)
                            + " needs " + (8 + 16L * Integer.toUnsignedLong(count)) + " bytes, request has " + argLength);
                }
                return new FuseRequest.BatchForget(h, count);
            }
            case GETATTR:
                return new FuseRequest.GetAttr(h);
            case SETATTR:
                need(h, "fuse_setattr_in", argLength, 88);
                return new FuseRequest.SetAttr(h, frame.getIntLE(a), frame.getLongLE(a + 16));
            case OPEN:
            case OPENDIR:
                need(h, "fuse_open_in", argLength, 8);
                return new FuseRequest.Open(h, frame.getIntLE(a), op.get() == FuseOpcode.OPENDIR);
            case READ:
            case READDIR: {
                need(h, "fuse_read_in", argLength, READ_IN);
                int size = frame.getIntLE(a + 16);
                if (size < 0 || size > MAX_READ_BYTES) {
                    throw new FuseFormatException("fuse_read_in.size", a - r + 16, Integer.toUnsignedString(size)
                            + " is too large (at most " + MAX_READ_BYTES + "; opcode " + h.opcode() + ", unique "
                            + h.unique() + ")");
                }
                return new FuseRequest.Read(h, frame.getLongLE(a), frame.getLongLE(a + 8), size,
                        op.get() == FuseOpcode.READDIR);
            }
            case WRITE: {
                need(h, "fuse_write_in", argLength, WRITE_IN);
                int size = frame.getIntLE(a + 16);
                if (size != argLength - WRITE_IN) {
                    throw new FuseFormatException("fuse_write_in.size", a - r + 16, Integer.toUnsignedString(size)
                            + " does not match the " + (argLength - WRITE_IN) + " data bytes (unique " + h.unique() + ")");
                }
                long offset = frame.getLongLE(a + 8);
                if (offset < 0) {
                    throw new FuseFormatException("fuse_write_in.offset", a - r + 8, Long.toUnsignedString(offset)
                            + " is negative as a loff_t (unique " + h.unique() + ")");
                }
                return new FuseRequest.Write(h, frame.getLongLE(a), offset, frame.getIntLE(a + 20),
                        frame.retainedSlice(a + WRITE_IN, size));
            }
            case FSYNC:
            case FSYNCDIR:
                need(h, "fuse_fsync_in", argLength, 16);
                return new FuseRequest.Fsync(h, frame.getLongLE(a), frame.getIntLE(a + 8),
                        op.get() == FuseOpcode.FSYNCDIR);
            case FLUSH:
                need(h, "fuse_flush_in", argLength, 24);
                return new FuseRequest.Flush(h, frame.getLongLE(a));
            case RELEASE:
            case RELEASEDIR:
                need(h, "fuse_release_in", argLength, 24);
                return new FuseRequest.Release(h, frame.getLongLE(a), op.get() == FuseOpcode.RELEASEDIR);
            case STATFS:
                return new FuseRequest.StatFs(h);
            case FALLOCATE: {
                need(h, "fuse_fallocate_in", argLength, 32);
                long offset = frame.getLongLE(a + 8);
                long length = frame.getLongLE(a + 16);
                if (offset < 0 || length < 0) {
                    throw new FuseFormatException(offset < 0 ? "fuse_fallocate_in.offset" : "fuse_fallocate_in.length",
                            a - r + (offset < 0 ? 8 : 16), "offset " + Long.toUnsignedString(offset) + " length "
                            + Long.toUnsignedString(length) + " out of range for a loff_t (unique " + h.unique() + ")");
                }
                return new FuseRequest.Fallocate(h, frame.getLongLE(a), offset, length, frame.getIntLE(a + 24));
            }
            case INTERRUPT:
                need(h, "fuse_interrupt_in", argLength, 8);
                return new FuseRequest.Interrupt(h, frame.getLongLE(a));
            case DESTROY:
                return new FuseRequest.Destroy(h);
            default:
                return new FuseRequest.Unsupported(h);
        }
    }

    /** The opcode's argument struct, which starts right after the header, has at least {@code need} bytes. */
    private static void need(FuseInHeader h, String struct, int have, int need) {
        if (have < need) {
            throw new FuseFormatException(struct, FuseInHeader.SIZE, have + " argument bytes, need " + need
                    + " (opcode " + h.opcode() + ", unique " + h.unique() + ")");
        }
    }

    private static String name(FuseInHeader h, ByteBuf frame, int at, int length, int offset) {
        int nul = frame.indexOf(at, at + length, (byte) 0);
        if (nul < 0) {
            throw new FuseFormatException("lookup name", offset, "not NUL-terminated (unique " + h.unique() + ", "
                    + length + " bytes)");
        }
        if (nul - at > MAX_NAME_BYTES) {
            throw new FuseFormatException("lookup name", offset, (nul - at) + " bytes is too long (at most "
                    + MAX_NAME_BYTES + "; unique " + h.unique() + ")");
        }
        return frame.toString(at, nul - at, StandardCharsets.UTF_8);
    }
}
