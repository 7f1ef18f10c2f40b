package io.lunbridge.bridge.fuse;

/**
 * Decides the answer to FUSE_INIT (pure): protocol 7.x at the smaller minor, only capabilities the
 * kernel offered, and the limits that matter for a block-device file: 1 MiB requests
 * (FUSE_MAX_PAGES), asynchronous parallel direct I/O (FUSE_ASYNC_DIO, many background requests),
 * FUSE_PARALLEL_DIROPS. The writeback cache is never requested: it would acknowledge writes locally.
 */
public final class FuseInitNegotiation {
    /** The protocol minor this implementation speaks (fuse_in_header with total_extlen). */
    public static final int OUR_MINOR = 38;
    static final long ASYNC_READ = 1L;
    static final long BIG_WRITES = 1L << 5;
    static final long ASYNC_DIO = 1L << 15;
    static final long WRITEBACK_CACHE = 1L << 16;
    static final long PARALLEL_DIROPS = 1L << 18;
    static final long MAX_PAGES = 1L << 22;
    private static final long WANTED = ASYNC_READ | BIG_WRITES | ASYNC_DIO | PARALLEL_DIROPS | MAX_PAGES;
    private static final int PAGE = 4096;

    private final int maxRequestBytes;
    private final int maxBackground;

    /**
     * @param maxRequestBytes largest READ/WRITE payload, a multiple of 4096 between 4096 and 1 MiB
     * @param maxBackground asynchronous requests the kernel may keep in flight (1–65535)
     */
    public FuseInitNegotiation(int maxRequestBytes, int maxBackground) {
        if (maxRequestBytes < PAGE || maxRequestBytes > (1 << 20) || maxRequestBytes % PAGE != 0) {
            throw new IllegalArgumentException("max request bytes " + maxRequestBytes
                    + ": must be a multiple of 4096 between 4096 and 1048576");
        }
        if (maxBackground < 1 || maxBackground > 65535) {
            throw new IllegalArgumentException("max background " + maxBackground + ": must be 1..65535");
        }
        this.maxRequestBytes = maxRequestBytes;
        this.maxBackground = maxBackground;
    }

    /** The reply to {@code init}; a kernel older than protocol 7.22 (no async direct I/O) is refused. */
    public FuseInitReply answer(FuseRequest.Init init) {
        if (init.major() > 7) {
            // The protocol: answer with our major only; the kernel retries INIT with 7.
            return new FuseInitReply(7, OUR_MINOR, 0, 0, 0, 0, 0, 0);
        }
        if (init.major() < 7 || init.minor() < 22) {
            throw new FuseFormatException("fuse_init_in.major", FuseInHeader.SIZE, "version " + init.major() + "."
                    + init.minor() + ": need 7.22 or later (asynchronous direct I/O)");
        }
        long flags = init.flags() & WANTED;
        int maxPages = maxRequestBytes / PAGE;
        return new FuseInitReply(7, Math.min(init.minor(), OUR_MINOR), init.maxReadahead(), flags,
                maxBackground, Math.max(1, maxBackground * 3 / 4), maxRequestBytes, maxPages);
    }

    /** The read buffer /dev/fuse needs for requests up to this size (header + fuse_write_in + data). */
    public int readBufferSize() {
        return maxRequestBytes + PAGE;
    }
}
