package io.lunbridge.protocol.discovery.slp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A directory agent the user agent knows: configured (no boot timestamp, scopes unknown) or
 * learned from a DAAdvert (its boot timestamp and scopes).
 *
 * @param address where to send requests (UDP and TCP)
 * @param bootTimestamp the DA's boot time from its DAAdvert, empty when configured
 * @param scopes the scopes it serves; empty when unknown (configured)
 */
public record DirectoryAgent(InetSocketAddress address, OptionalLong bootTimestamp, List<String> scopes) {

    /** Copies the list. */
    public DirectoryAgent {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bootTimestamp, "bootTimestamp");
        scopes = List.copyOf(scopes);
    }

    /** True when the DA serves one of {@code wanted} (case-insensitively), or its scopes are unknown. */
    public boolean serves(List<String> wanted) {
        return scopes.isEmpty() || scopes.stream().anyMatch(s -> wanted.stream().anyMatch(s::equalsIgnoreCase));
    }

    /** {@code host:port} for messages. */
    public String describe() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
