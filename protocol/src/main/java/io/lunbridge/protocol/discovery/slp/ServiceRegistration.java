package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * SrvReg (RFC 2608 §8.3), as an SA forwards it to a DA. The UA never sends one; it is decoded so
 * that captured SA-DA traffic can be checked and replayed.
 *
 * @param header the header (F flag for a new registration)
 * @param url the registered URL entry
 * @param serviceType the service type
 * @param scopes the scope list
 * @param attributeList the attribute list, escaped as on the wire
 * @param attributeAuths the attribute authentication blocks
 */
public record ServiceRegistration(SlpHeader header, UrlEntry url, String serviceType, List<String> scopes,
        String attributeList, List<AuthBlock> attributeAuths) implements SlpMessage {

    /** Copies lists. */
    public ServiceRegistration {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(serviceType, "serviceType");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(attributeList, "attributeList");
        attributeAuths = List.copyOf(attributeAuths);
    }

    /** The parsed attribute list. */
    public SlpAttributes attributes() {
        return SlpAttributes.parse(attributeList);
    }
}
