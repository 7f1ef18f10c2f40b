package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * AttrRply (RFC 2608 §10.4): an error code and an attribute list. With a non-zero error openslp
 * writes only the error code (the remaining bytes are stale), so the list is then empty.
 *
 * @param header the header
 * @param errorCode the raw error code
 * @param attributeList the attribute list, escaped as on the wire
 * @param auths the attribute authentication blocks
 */
public record AttributeReply(SlpHeader header, int errorCode, String attributeList, List<AuthBlock> auths)
        implements SlpMessage {

    /** Copies the list. */
    public AttributeReply {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(attributeList, "attributeList");
        auths = List.copyOf(auths);
    }

    /** The parsed attribute list. */
    public SlpAttributes attributes() {
        return SlpAttributes.parse(attributeList);
    }
}
