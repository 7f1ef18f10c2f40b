package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SrvTypeRqst (RFC 2608 §10.1): the service types registered in some scopes. An empty naming
 * authority means "all" (wire length 0xFFFF); an empty string means IANA (wire length 0).
 *
 * @param header the header
 * @param previousResponders responders so far
 * @param namingAuthority empty for all naming authorities, "" for IANA
 * @param scopes the scope list
 */
public record ServiceTypeRequest(SlpHeader header, List<String> previousResponders,
        Optional<String> namingAuthority, List<String> scopes) implements SlpMessage {

    /** Copies lists. */
    public ServiceTypeRequest {
        Objects.requireNonNull(header, "header");
        previousResponders = List.copyOf(previousResponders);
        Objects.requireNonNull(namingAuthority, "namingAuthority");
        scopes = List.copyOf(scopes);
    }
}
