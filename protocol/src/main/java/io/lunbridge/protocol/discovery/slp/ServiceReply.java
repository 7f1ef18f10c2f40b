package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * SrvRply (RFC 2608 §8.2): an error code and the matching URL entries. URL order is not stable
 * between replies. With a non-zero error the URL list is empty.
 *
 * @param header the header (O flag set when the reply did not fit the datagram)
 * @param errorCode the raw error code, see {@link SlpError}
 * @param urls the URL entries
 */
public record ServiceReply(SlpHeader header, int errorCode, List<UrlEntry> urls) implements SlpMessage {

    /** Copies the list. */
    public ServiceReply {
        Objects.requireNonNull(header, "header");
        urls = List.copyOf(urls);
    }
}
