package io.lunbridge.protocol.discovery.slp;

import java.util.Objects;
import java.util.Optional;

/**
 * What a user agent learns from one UDP datagram. openslp signals an overflowing reply in two
 * wire forms, and in both the UA must repeat the same request (same XID) over TCP:
 * <ul>
 *   <li>the whole reply in one (IP-fragmented) datagram with the O flag: {@code message} is
 *       present and complete, {@code retryOverTcp} is true;</li>
 *   <li>a truncated datagram with the O flag whose length field exceeds the datagram:
 *       {@code message} is empty and {@code retryOverTcp} is true.</li>
 * </ul>
 *
 * @param header the header, always decoded
 * @param message the decoded message, absent when truncated
 * @param retryOverTcp true when the O flag is set
 */
public record SlpDatagram(SlpHeader header, Optional<SlpMessage> message, boolean retryOverTcp) {

    /** Requires the parts. */
    public SlpDatagram {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(message, "message");
    }
}
