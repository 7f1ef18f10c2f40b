package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * AttrRqst (RFC 2608 §10.3): the attributes of one service URL, or of a service type (openslp then
 * answers with the attributes of one registration, not a merge), optionally limited to some tags.
 *
 * @param header the header
 * @param previousResponders responders so far (multicast convergence)
 * @param url a service URL or a service type
 * @param scopes the scope list
 * @param tags the tags wanted, empty for all
 * @param spi security parameter index, empty for none
 */
public record AttributeRequest(SlpHeader header, List<String> previousResponders, String url,
        List<String> scopes, List<String> tags, String spi) implements SlpMessage {

    /** Copies lists. */
    public AttributeRequest {
        Objects.requireNonNull(header, "header");
        previousResponders = List.copyOf(previousResponders);
        Objects.requireNonNull(url, "url");
        scopes = List.copyOf(scopes);
        tags = List.copyOf(tags);
        Objects.requireNonNull(spi, "spi");
    }
}
