package io.lunbridge.bridge.fuse;

/**
 * Tuning of a {@link FuseServer}. (There is no reader-thread count: one non-blocking reader on the
 * block device's event loop drains /dev/fuse, and requests are served asynchronously.)
 *
 * @param maxRequestBytes largest READ/WRITE the kernel sends (multiple of 4096, at most 1 MiB)
 * @param maxBackground asynchronous (direct I/O) requests the kernel keeps in flight
 */
public record FuseServerConfig(int maxRequestBytes, int maxBackground) {
    /** 1 MiB requests, 128 in flight. */
    public static final FuseServerConfig DEFAULT = new FuseServerConfig(1 << 20, 128);

    public FuseServerConfig {
        new FuseInitNegotiation(maxRequestBytes, maxBackground); // validates both
    }
}
