package io.lunbridge.bridge.nbd;

import java.util.Objects;

/**
 * What every phase handler of one client connection needs to know: who the client is (for log lines),
 * the exports it may choose from, and the per-connection limits.
 *
 * @param peer the client, as named by {@link PeerName}
 * @param exports the server's exports
 * @param maxInFlight requests dispatched to the device at once before reading pauses
 * @param maxBytesInFlight data bytes held (write payloads, reads at the device, unsent replies) before
 *     reading pauses
 */
public record ConnectionContext(String peer, ExportRegistry exports, int maxInFlight, long maxBytesInFlight) {
    /** A context with the default bound on bytes in flight. */
    public ConnectionContext(String peer, ExportRegistry exports, int maxInFlight) {
        this(peer, exports, maxInFlight, NbdServerConfig.DEFAULT_MAX_BYTES_IN_FLIGHT);
    }

    public ConnectionContext {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(exports, "exports");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        if (maxBytesInFlight < 1) {
            throw new IllegalArgumentException("maxBytesInFlight must be at least 1, got " + maxBytesInFlight);
        }
    }
}
