package io.lunbridge.bridge.nbd;

import java.util.Objects;

/**
 * What every phase handler of one client connection needs to know: who the client is (for log lines),
 * the exports it may choose from, and the per-connection limits.
 *
 * @param peer the client, as named by {@link PeerName}
 * @param exports the server's exports
 * @param maxInFlight requests dispatched to the device at once before reading pauses
 */
public record ConnectionContext(String peer, ExportRegistry exports, int maxInFlight) {
    public ConnectionContext {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(exports, "exports");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
    }
}
