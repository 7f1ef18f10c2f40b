package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * SAAdvert (RFC 2608 §8.6): a service agent answering a SrvRqst for {@code service:service-agent}.
 * Not present in the openslp captures (openslp SAs answer such requests only without a DA).
 *
 * @param header the header
 * @param url the SA's URL
 * @param scopes the scopes it serves
 * @param attributeList its attributes, escaped
 * @param auths authentication blocks
 */
public record ServiceAgentAdvert(SlpHeader header, String url, List<String> scopes, String attributeList,
        List<AuthBlock> auths) implements SlpMessage {

    /** Copies lists. */
    public ServiceAgentAdvert {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(url, "url");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(attributeList, "attributeList");
        auths = List.copyOf(auths);
    }
}
