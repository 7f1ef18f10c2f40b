package io.lunbridge.bridge.fuse;

/**
 * {@code struct fuse_in_header}: the 40-byte header in front of every request the kernel sends.
 *
 * @param length total request length including this header
 * @param opcode the raw opcode (see {@link FuseOpcode})
 * @param unique request id, echoed in the reply
 * @param nodeId inode the request is about (1 = root)
 * @param uid caller's uid
 * @param gid caller's gid
 * @param pid caller's pid
 */
public record FuseInHeader(int length, int opcode, long unique, long nodeId, int uid, int gid, int pid) {
    /** Size of the header on the wire. */
    public static final int SIZE = 40;
}
