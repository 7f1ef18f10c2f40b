package io.lunbridge.protocol.discovery.slp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Decodes a datagram that arrived for one outstanding request and keeps it only if it is a reply
 * to that request (same XID, expected reply function). Malformed datagrams are logged and dropped:
 * one bad agent must not end an exchange that others may still answer.
 */
final class ReplyFilter {
    private static final Logger LOG = LogManager.getLogger(ReplyFilter.class);

    private ReplyFilter() {
    }

    static Optional<SlpDatagram> match(String description, InetSocketAddress sender, ByteBuf datagram, int xid,
                                       SlpFunction replyFunction) {
        SlpDatagram d;
        try {
            d = SlpDecoder.decodeDatagram(datagram);
        } catch (SlpFormatException e) {
            LOG.warn("{}: dropped a malformed reply from {}: {}", description, sender, e.getMessage());
            return Optional.empty();
        }
        if (d.header().xid() != xid || d.header().function() != replyFunction) {
            LOG.debug("{}: ignored {} with XID {} from {}", description, d.header().function().rfcName(),
                    d.header().xid(), sender);
            return Optional.empty();
        }
        return Optional.of(d);
    }
}
