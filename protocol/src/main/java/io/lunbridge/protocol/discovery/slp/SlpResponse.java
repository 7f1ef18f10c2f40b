package io.lunbridge.protocol.discovery.slp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One reply to a multicast request, with the address it came from (the responder that joins the
 * previous-responder list).
 *
 * @param sender the DA's or SA's address and port
 * @param message the decoded reply (the TCP one when the UDP reply overflowed)
 */
public record SlpResponse(InetSocketAddress sender, SlpMessage message) {

    /** Requires both parts. */
    public SlpResponse {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(message, "message");
    }
}
