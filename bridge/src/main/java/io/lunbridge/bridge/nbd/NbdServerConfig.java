package io.lunbridge.bridge.nbd;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how an {@link NbdServer} listens.
 *
 * @param exports the exports served on every listener
 * @param unixSocket Unix socket path (parent created with mode 0700, socket set to 0600), or empty
 * @param tcp TCP address (port 0 picks a free port), or empty
 * @param maxInFlight requests per connection at the device before reading from the client pauses
 * @param workerThreads event loop threads serving connections
 * @param handshakeTimeout how long a client may take from connecting to entering transmission
 * @param maxBytesInFlight data bytes per connection (write payloads held, reads at the device, reply
 *     bytes not yet taken by the socket) before reading from the client pauses; a single larger
 *     request still proceeds, alone
 */
public record NbdServerConfig(ExportRegistry exports, Optional<Path> unixSocket, Optional<InetSocketAddress> tcp,
                              int maxInFlight, int workerThreads, java.time.Duration handshakeTimeout,
                              long maxBytesInFlight) {

    /** Default directory for Unix sockets. */
    public static final Path DEFAULT_SOCKET_DIR = Path.of("/run/lunbridge");
    /** Default per-connection in-flight bound. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 128;
    /**
     * Default per-connection bound on data bytes in flight: 8 MiB, eight 1 MiB requests, which keeps
     * a sequential stream at full speed (docs/performance.md) while 128 requests of up to 32 MiB
     * could otherwise pin 4 GiB.
     */
    public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 8L << 20;
    /** Default handshake deadline (qemu-nbd's too). */
    public static final java.time.Duration DEFAULT_HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(10);

    /** A configuration with the default handshake deadline. */
    public NbdServerConfig(ExportRegistry exports, Optional<Path> unixSocket, Optional<InetSocketAddress> tcp,
                           int maxInFlight, int workerThreads) {
        this(exports, unixSocket, tcp, maxInFlight, workerThreads, DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_MAX_BYTES_IN_FLIGHT);
    }

    public NbdServerConfig {
        Objects.requireNonNull(exports, "exports");
        Objects.requireNonNull(unixSocket, "unixSocket");
        Objects.requireNonNull(tcp, "tcp");
        if (unixSocket.isEmpty() && tcp.isEmpty()) {
            throw new IllegalArgumentException("an NBD server needs a Unix socket path or a TCP address");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, got " + workerThreads);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
        if (maxBytesInFlight < 1) {
            throw new IllegalArgumentException("maxBytesInFlight must be at least 1, got " + maxBytesInFlight);
        }
    }

    /** Serves {@code exports} on a Unix socket with default limits. */
    public static NbdServerConfig unix(ExportRegistry exports, Path socket) {
        return new NbdServerConfig(exports, Optional.of(socket), Optional.empty(), DEFAULT_MAX_IN_FLIGHT,
                Runtime.getRuntime().availableProcessors());
    }

    /** Serves {@code exports} over TCP with default limits. */
    public static NbdServerConfig tcp(ExportRegistry exports, InetSocketAddress address) {
        return new NbdServerConfig(exports, Optional.empty(), Optional.of(address), DEFAULT_MAX_IN_FLIGHT,
                Runtime.getRuntime().availableProcessors());
    }

    /** The same configuration with another in-flight bound. */
    public NbdServerConfig withMaxInFlight(int max) {
        return new NbdServerConfig(exports, unixSocket, tcp, max, workerThreads, handshakeTimeout, maxBytesInFlight);
    }

    /** The same configuration with another bound on data bytes in flight per connection. */
    public NbdServerConfig withMaxBytesInFlight(long max) {
        return new NbdServerConfig(exports, unixSocket, tcp, maxInFlight, workerThreads, handshakeTimeout, max);
    }

    /** The same configuration with another handshake deadline. */
    public NbdServerConfig withHandshakeTimeout(java.time.Duration timeout) {
        return new NbdServerConfig(exports, unixSocket, tcp, maxInFlight, workerThreads, timeout, maxBytesInFlight);
    }
}
