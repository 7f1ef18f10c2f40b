package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * SrvTypeRply (RFC 2608 §10.2): an error code and the service types. With a non-zero error openslp
 * writes only the error code, so the list is then empty.
 *
 * @param header the header
 * @param errorCode the raw error code
 * @param serviceTypes e.g. {@code service:iscsi:target}
 */
public record ServiceTypeReply(SlpHeader header, int errorCode, List<String> serviceTypes)
        implements SlpMessage {

    /** Copies the list. */
    public ServiceTypeReply {
        Objects.requireNonNull(header, "header");
        serviceTypes = List.copyOf(serviceTypes);
    }
}
