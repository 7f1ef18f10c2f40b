package io.lunbridge.bridge.nbd.transmission;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes transmission replies (proto.md "Simple reply message", "Structured reply chunk message").
 * Only headers are built here; read data is written after them as the device's own buffer, never
 * copied.
 */
public final class ReplyEncoder {
    /** NBD_SIMPLE_REPLY_MAGIC. */
    public static final int SIMPLE_MAGIC = 0x67446698;
    /** NBD_STRUCTURED_REPLY_MAGIC. */
    public static final int STRUCTURED_MAGIC = 0x668e33ef;
    /** NBD_REPLY_FLAG_DONE. */
    public static final int FLAG_DONE = 1;
    public static final int TYPE_NONE = 0;
    public static final int TYPE_OFFSET_DATA = 1;
    public static final int TYPE_BLOCK_STATUS = 5;
    public static final int TYPE_ERROR = (1 << 15) + 1;
    /** Error messages are cut to this many bytes. */
    static final int MAX_MESSAGE = 4096;

    private ReplyEncoder() {
    }

    /** Simple reply header; for a successful simple read the data follows it. */
    public static ByteBuf simple(ByteBufAllocator alloc, long handle, int error) {
        ByteBuf b = alloc.ioBuffer(16);
        b.writeInt(SIMPLE_MAGIC).writeInt(error).writeLong(handle);
        return b;
    }

    /** A final NBD_REPLY_TYPE_NONE chunk: success without payload. */
    public static ByteBuf structuredNone(ByteBufAllocator alloc, long handle) {
        ByteBuf b = alloc.ioBuffer(20);
        chunkHeader(b, FLAG_DONE, TYPE_NONE, handle, 0);
        return b;
    }

    /** Header plus offset of a final NBD_REPLY_TYPE_OFFSET_DATA chunk; {@code dataLength} bytes follow. */
    public static ByteBuf offsetDataHeader(ByteBufAllocator alloc, long handle, long offset, int dataLength) {
        ByteBuf b = alloc.ioBuffer(28);
        chunkHeader(b, FLAG_DONE, TYPE_OFFSET_DATA, handle, 8 + dataLength);
        b.writeLong(offset);
        return b;
    }

    /** A final NBD_REPLY_TYPE_ERROR chunk with a human-readable message. */
    public static ByteBuf structuredError(ByteBufAllocator alloc, long handle, int error, String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(msg.length, MAX_MESSAGE);
        ByteBuf b = alloc.ioBuffer(20 + 6 + len);
        chunkHeader(b, FLAG_DONE, TYPE_ERROR, handle, 6 + len);
        b.writeInt(error).writeShort(len).writeBytes(msg, 0, len);
        return b;
    }

    /** A final NBD_REPLY_TYPE_BLOCK_STATUS chunk for one context. */
    public static ByteBuf blockStatus(ByteBufAllocator alloc, long handle, int contextId,
                                      List<ExtentMapper.Descriptor> descriptors) {
        ByteBuf b = alloc.ioBuffer(24 + 8 * descriptors.size());
        chunkHeader(b, FLAG_DONE, TYPE_BLOCK_STATUS, handle, 4 + 8 * descriptors.size());
        b.writeInt(contextId);
        for (ExtentMapper.Descriptor d : descriptors) {
            b.writeInt((int) d.length()).writeInt(d.flags());
        }
        return b;
    }

    private static void chunkHeader(ByteBuf b, int flags, int type, long handle, int length) {
        b.writeInt(STRUCTURED_MAGIC).writeShort(flags).writeShort(type).writeLong(handle).writeInt(length);
    }
}
