package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;

/**
 * One decoded request from /dev/fuse: its header plus the argument fields this filesystem uses.
 * Only {@link Write} carries a buffer (a retained slice of the frame that the receiver owns).
 */
public sealed interface FuseRequest {

    /** The request header (unique id, node id, opcode). */
    FuseInHeader header();

    /** FUSE_INIT ({@code fuse_init_in}); {@code flags2} is 0 when the kernel sent the short form. */
    record Init(FuseInHeader header, int major, int minor, int maxReadahead, long flags) implements FuseRequest {
    }

    /** FUSE_LOOKUP of {@code name} in directory {@code header.nodeId()}. */
    record Lookup(FuseInHeader header, String name) implements FuseRequest {
    }

    /** FUSE_FORGET (no reply). */
    record Forget(FuseInHeader header, long nlookup) implements FuseRequest {
    }

    /** FUSE_BATCH_FORGET (no reply); {@code count} node entries followed. */
    record BatchForget(FuseInHeader header, int count) implements FuseRequest {
    }

    /** FUSE_GETATTR. */
    record GetAttr(FuseInHeader header) implements FuseRequest {
    }

    /** FUSE_SETATTR: {@code valid} is the FATTR_* mask, {@code size} meaningful with FATTR_SIZE. */
    record SetAttr(FuseInHeader header, int valid, long size) implements FuseRequest {
        /** FATTR_SIZE. */
        public static final int FATTR_SIZE = 1 << 3;
    }

    /** FUSE_OPEN or FUSE_OPENDIR with the open(2) flags. */
    record Open(FuseInHeader header, int flags, boolean directory) implements FuseRequest {
    }

    /** FUSE_READ or FUSE_READDIR ({@code fuse_read_in}). */
    record Read(FuseInHeader header, long fh, long offset, int size, boolean directory) implements FuseRequest {
    }

    /** FUSE_WRITE: {@code data} (exactly {@code size} bytes) is owned by the receiver. */
    record Write(FuseInHeader header, long fh, long offset, int writeFlags, ByteBuf data) implements FuseRequest {
    }

    /** FUSE_FSYNC or FUSE_FSYNCDIR. */
    record Fsync(FuseInHeader header, long fh, int fsyncFlags, boolean directory) implements FuseRequest {
    }

    /** FUSE_FLUSH (sent on every close of a file descriptor). */
    record Flush(FuseInHeader header, long fh) implements FuseRequest {
    }

    /** FUSE_RELEASE or FUSE_RELEASEDIR. */
    record Release(FuseInHeader header, long fh, boolean directory) implements FuseRequest {
    }

    /** FUSE_STATFS. */
    record StatFs(FuseInHeader header) implements FuseRequest {
    }

    /** FUSE_FALLOCATE: {@code mode} is the fallocate(2) mode. */
    record Fallocate(FuseInHeader header, long fh, long offset, long length, int mode) implements FuseRequest {
        public static final int KEEP_SIZE = 0x01;
        public static final int PUNCH_HOLE = 0x02;
        public static final int ZERO_RANGE = 0x10;
    }

    /** FUSE_INTERRUPT of request {@code target} (no reply required). */
    record Interrupt(FuseInHeader header, long target) implements FuseRequest {
    }

    /** FUSE_DESTROY: the filesystem is being unmounted. */
    record Destroy(FuseInHeader header) implements FuseRequest {
    }

    /** Any other opcode, well-formed or not known; answered with ENOSYS. */
    record Unsupported(FuseInHeader header) implements FuseRequest {
    }
}
