package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes replies for /dev/fuse: {@code struct fuse_out_header} (len, -errno, unique) followed by
 * the reply structure of the request's opcode, little-endian. Pure: returns buffers from the given
 * allocator, which the caller owns. A READ reply is the header from {@link #dataHeader} followed by
 * the data buffer itself (written together with writev, never copied here).
 */
public final class FuseReplyEncoder {
    /** Size of {@code struct fuse_out_header}. */
    public static final int OUT_HEADER = 16;
    /** Size of {@code struct fuse_dirent} without the name. */
    public static final int DIRENT_HEADER = 24;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;

    private final ByteBufAllocator alloc;

    public FuseReplyEncoder(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** An error reply: {@code errno} is positive (ENOENT = 2 …). */
    public ByteBuf error(long unique, int errno) {
        if (errno <= 0 || errno > 4095) {
            throw new IllegalArgumentException("errno " + errno + " is not a positive error number");
        }
        return header(OUT_HEADER, -errno, unique, 0);
    }

    /** A success reply without arguments (FLUSH, RELEASE, FSYNC …). */
    public ByteBuf ok(long unique) {
        return header(OUT_HEADER, 0, unique, 0);
    }

    /** The header of a success reply followed by {@code dataLength} bytes the caller writes after it. */
    public ByteBuf dataHeader(long unique, int dataLength) {
        return header(OUT_HEADER + dataLength, 0, unique, 0);
    }

    /** {@code struct fuse_init_out}. */
    public ByteBuf init(long unique, FuseInitReply r) {
        ByteBuf b = header(OUT_HEADER + FuseInitReply.SIZE, 0, unique, FuseInitReply.SIZE);
        b.writeIntLE(r.major()).writeIntLE(r.minor()).writeIntLE(r.maxReadahead()).writeIntLE((int) r.flags());
        b.writeShortLE(r.maxBackground()).writeShortLE(r.congestionThreshold()).writeIntLE(r.maxWrite());
        b.writeIntLE(1); // time_gran: 1 ns
        b.writeShortLE(r.maxPages()).writeShortLE(0); // map_alignment
        b.writeIntLE((int) (r.flags() >>> 32)); // flags2
        b.writeZero(FuseInitReply.SIZE - 36); // max_stack_depth, align_page_order, padding, unused
        return b;
    }

    /** {@code struct fuse_entry_out} for a LOOKUP. */
    public ByteBuf entry(long unique, FuseAttr attr, long validSeconds) {
        ByteBuf b = header(OUT_HEADER + 40 + FuseAttr.SIZE, 0, unique, 40 + FuseAttr.SIZE);
        b.writeLongLE(attr.ino()).writeLongLE(0).writeLongLE(validSeconds).writeLongLE(validSeconds);
        b.writeIntLE(0).writeIntLE(0);
        attr(b, attr);
        return b;
    }

    /** {@code struct fuse_attr_out} for GETATTR and SETATTR. */
    public ByteBuf attr(long unique, FuseAttr attr, long validSeconds) {
        ByteBuf b = header(OUT_HEADER + 16 + FuseAttr.SIZE, 0, unique, 16 + FuseAttr.SIZE);
        b.writeLongLE(validSeconds).writeIntLE(0).writeIntLE(0);
        attr(b, attr);
        return b;
    }

    /** {@code struct fuse_open_out}. */
    public ByteBuf open(long unique, long fh, int openFlags) {
        ByteBuf b = header(OUT_HEADER + 16, 0, unique, 16);
        return b.writeLongLE(fh).writeIntLE(openFlags).writeIntLE(0);
    }

    /** {@code struct fuse_write_out}. */
    public ByteBuf write(long unique, int size) {
        ByteBuf b = header(OUT_HEADER + 8, 0, unique, 8);
        return b.writeIntLE(size).writeIntLE(0);
    }

    /** {@code struct fuse_statfs_out} for a filesystem of {@code blocks} blocks of {@code blockSize}, all used. */
    public ByteBuf statfs(long unique, long blocks, int blockSize, long files) {
        ByteBuf b = header(OUT_HEADER + 80, 0, unique, 80);
        b.writeLongLE(blocks).writeLongLE(0).writeLongLE(0).writeLongLE(files).writeLongLE(0);
        b.writeIntLE(blockSize).writeIntLE(255).writeIntLE(blockSize).writeIntLE(0);
        b.writeZero(24);
        return b;
    }

    /** One directory entry for READDIR. */
    public record Dirent(long ino, String name, int type) {
    }

    /**
     * A READDIR reply with the entries from index {@code offset} on that fit in {@code maxSize} bytes;
     * each entry's {@code off} is the index of the next one, which is what the kernel sends back.
     */
    public ByteBuf readdir(long unique, List<Dirent> entries, long offset, int maxSize) {
        ByteBuf b = header(OUT_HEADER, 0, unique, Math.min(maxSize, 4096));
        int used = 0;
        for (long i = Math.max(offset, 0); i < entries.size(); i++) {
            Dirent d = entries.get((int) i);
            byte[] name = d.name().getBytes(StandardCharsets.UTF_8);
            int size = (DIRENT_HEADER + name.length + 7) & ~7;
            if (used + size > maxSize) {
                break;
            }
            b.writeLongLE(d.ino()).writeLongLE(i + 1).writeIntLE(name.length).writeIntLE(d.type());
            b.writeBytes(name).writeZero(size - DIRENT_HEADER - name.length);
            used += size;
        }
        b.setIntLE(0, OUT_HEADER + used);
        return b;
    }

    private ByteBuf header(int length, int error, long unique, int extra) {
        ByteBuf b = alloc.directBuffer(OUT_HEADER + extra);
        return b.writeIntLE(length).writeIntLE(error).writeLongLE(unique);
    }

    private static void attr(ByteBuf b, FuseAttr a) {
        b.writeLongLE(a.ino()).writeLongLE(a.size()).writeLongLE(a.blocks());
        b.writeLongLE(a.time()).writeLongLE(a.time()).writeLongLE(a.time());
        b.writeIntLE(0).writeIntLE(0).writeIntLE(0); // nsec
        b.writeIntLE(a.mode()).writeIntLE(a.nlink()).writeIntLE(0).writeIntLE(0); // uid, gid
        b.writeIntLE(0).writeIntLE(a.blksize()).writeIntLE(0); // rdev, blksize, flags
    }
}
