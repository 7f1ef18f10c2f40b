package io.lunbridge.bridge.nbd.options;

import io.lunbridge.bridge.nbd.transmission.BlockSizeConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes option replies (proto.md "Fixed newstyle negotiation", "Option reply types") and the
 * NBD_OPT_EXPORT_NAME answer. Pure functions over an allocator.
 */
public final class OptionReplies {
    private OptionReplies() {
    }

    /** A reply with no data (ACK, or an error without message). */
    public static ByteBuf reply(ByteBufAllocator alloc, int option, int type) {
        return header(alloc, option, type, 0);
    }

    /** An error reply carrying a message for the user. */
    public static ByteBuf error(ByteBufAllocator alloc, int option, int type, String message) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(msg.length, 4096);
        ByteBuf b = header(alloc, option, type, len);
        b.writeBytes(msg, 0, len);
        return b;
    }

    /** NBD_REP_SERVER for NBD_OPT_LIST: name length, name, description. */
    public static ByteBuf server(ByteBufAllocator alloc, String name, String description) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] d = description.getBytes(StandardCharsets.UTF_8);
        ByteBuf b = header(alloc, OptionCodes.OPT_LIST, OptionCodes.REP_SERVER, 4 + n.length + d.length);
        b.writeInt(n.length).writeBytes(n).writeBytes(d);
        return b;
    }

    /** NBD_REP_INFO / NBD_INFO_EXPORT: size and transmission flags. */
    public static ByteBuf infoExport(ByteBufAllocator alloc, int option, long size, int flags) {
        ByteBuf b = header(alloc, option, OptionCodes.REP_INFO, 12);
        b.writeShort(OptionCodes.INFO_EXPORT).writeLong(size).writeShort(flags);
        return b;
    }

    /** NBD_REP_INFO with a string payload (NBD_INFO_NAME, NBD_INFO_DESCRIPTION). */
    public static ByteBuf infoString(ByteBufAllocator alloc, int option, int infoType, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ByteBuf b = header(alloc, option, OptionCodes.REP_INFO, 2 + v.length);
        b.writeShort(infoType).writeBytes(v);
        return b;
    }

    /** NBD_REP_INFO / NBD_INFO_BLOCK_SIZE. */
    public static ByteBuf infoBlockSize(ByteBufAllocator alloc, int option, BlockSizeConstraints c) {
        ByteBuf b = header(alloc, option, OptionCodes.REP_INFO, 14);
        b.writeShort(OptionCodes.INFO_BLOCK_SIZE).writeInt(c.minimum()).writeInt(c.preferred()).writeInt(c.maximum());
        return b;
    }

    /** NBD_REP_META_CONTEXT: id and name. */
    public static ByteBuf metaContext(ByteBufAllocator alloc, int option, int id, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuf b = header(alloc, option, OptionCodes.REP_META_CONTEXT, 4 + n.length);
        b.writeInt(id).writeBytes(n);
        return b;
    }

    /** The answer to NBD_OPT_EXPORT_NAME: size, flags and 124 zero bytes unless NO_ZEROES. */
    public static ByteBuf exportName(ByteBufAllocator alloc, long size, int flags, boolean noZeroes) {
        ByteBuf b = alloc.ioBuffer(noZeroes ? 10 : 134);
        b.writeLong(size).writeShort(flags);
        if (!noZeroes) {
            b.writeZero(124);
        }
        return b;
    }

    private static ByteBuf header(ByteBufAllocator alloc, int option, int type, int length) {
        ByteBuf b = alloc.ioBuffer(20 + length);
        b.writeLong(OptionCodes.REPLY_MAGIC).writeInt(option).writeInt(type).writeInt(length);
        return b;
    }
}
