package io.lunbridge.bridge.fuse;

/**
 * Tuning of a {@link FuseServer}.
 *
 * @param maxRequestBytes largest READ/WRITE the kernel sends (multiple of 4096, at most 1 MiB)
 * @param maxBackground asynchronous (direct I/O) requests the kernel keeps in flight
 * @param readerThreads threads reading /dev/fuse; requests are served asynchronously, so few suffice
 */
public record FuseServerConfig(int maxRequestBytes, int maxBackground, int readerThreads) {
    /** 1 MiB requests, 128 in flight, 2 readers. */
    public static final FuseServerConfig DEFAULT = new FuseServerConfig(1 << 20, 128, 2);

    public FuseServerConfig {
        new FuseInitNegotiation(maxRequestBytes, maxBackground); // validates both
        if (readerThreads < 1 || readerThreads > 64) {
            throw new IllegalArgumentException("FUSE reader threads " + readerThreads + ": must be 1..64");
        }
    }
}
