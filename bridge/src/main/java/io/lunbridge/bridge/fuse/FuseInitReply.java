package io.lunbridge.bridge.fuse;

/**
 * {@code struct fuse_init_out}: the answer to FUSE_INIT, fixing protocol version, capability flags
 * and request-size limits for the connection.
 *
 * @param major protocol major version (7)
 * @param minor protocol minor version agreed (the smaller of kernel's and ours)
 * @param maxReadahead readahead limit (echoed from the kernel)
 * @param flags FUSE_* capability flags, bits 0–31 in {@code flags}, 32–63 in {@code flags2}
 * @param maxBackground requests the kernel keeps in flight in the background (async direct I/O)
 * @param congestionThreshold background requests at which the kernel reports congestion
 * @param maxWrite largest WRITE payload
 * @param maxPages largest request in pages (READ size limit)
 */
public record FuseInitReply(int major, int minor, int maxReadahead, long flags, int maxBackground,
                            int congestionThreshold, int maxWrite, int maxPages) {
    /** Size on the wire. */
    public static final int SIZE = 64;
}
