package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * SrvRqst (RFC 2608 §8.1): find services of a type in some scopes, optionally filtered by an LDAPv3
 * predicate. On multicast retransmissions the previous-responder list holds, in reply order, the
 * addresses that already answered, so that they stay silent (convergence).
 *
 * @param header the header (R flag set when multicast)
 * @param previousResponders dotted-quad addresses of responders so far
 * @param serviceType e.g. {@code service:iscsi:target} or {@code service:directory-agent}
 * @param scopes the scope list, e.g. {@code DEFAULT}
 * @param predicate LDAPv3 search filter, empty for all
 * @param spi security parameter index, empty for none
 */
public record ServiceRequest(SlpHeader header, List<String> previousResponders, String serviceType,
        List<String> scopes, String predicate, String spi) implements SlpMessage {

    /** Copies lists, requires every field. */
    public ServiceRequest {
        Objects.requireNonNull(header, "header");
        previousResponders = List.copyOf(previousResponders);
        Objects.requireNonNull(serviceType, "serviceType");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(spi, "spi");
    }
}
