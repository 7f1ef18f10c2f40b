package io.lunbridge.bridge.fuse;

/**
 * {@code struct fuse_attr} (88 bytes): what stat(2) shows for a node. Times are whole seconds, the
 * same for atime, mtime and ctime; uid and gid are root.
 *
 * @param ino inode number (the node id)
 * @param size size in bytes
 * @param mode file type and permission bits (S_IFREG|0600, S_IFDIR|0755, …)
 * @param nlink link count
 * @param blksize preferred I/O size shown by stat(2)
 * @param time seconds since the epoch for all three times
 */
public record FuseAttr(long ino, long size, int mode, int nlink, int blksize, long time) {
    /** Size on the wire. */
    public static final int SIZE = 88;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;

    /** 512-byte blocks allocated, as stat(2) counts them. */
    public long blocks() {
        return (size + 511) / 512;
    }
}
