package io.lunbridge.protocol.discovery.slp;

import java.util.Objects;

/**
 * SrvAck (RFC 2608 §8.4): a DA's answer to a registration. Decoded for captured SA-DA traffic.
 *
 * @param header the header
 * @param errorCode the raw error code
 */
public record ServiceAck(SlpHeader header, int errorCode) implements SlpMessage {

    /** Requires the header. */
    public ServiceAck {
        Objects.requireNonNull(header, "header");
    }
}
