package io.lunbridge.protocol.discovery.slp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The DAs learned from DAAdverts (solicited or unsolicited), keyed by address, in the order they
 * were first seen. Owned by the user agent's event loop (no locking). RFC 2608 §12.2: a boot
 * timestamp of 0 means the DA is going down (forget it); a changed timestamp means it rebooted and
 * lost its registrations (keep it, with the new timestamp).
 */
final class DirectoryAgentCache {
    private static final Logger LOG = LogManager.getLogger(DirectoryAgentCache.class);

    /** What a DAAdvert changed. */
    enum Change {
        /** A DA not known before. */
        ADDED,
        /** A known DA with a new boot timestamp: it restarted. */
        REBOOTED,
        /** A known DA, same boot timestamp. */
        UNCHANGED,
        /** A known DA announced it is going down and was forgotten. */
        REMOVED,
        /** An advert that changes nothing: an error advert, or an unknown DA going down. */
        IGNORED
    }

    private final Map<InetAddress, DirectoryAgent> agents = new LinkedHashMap<>();
    private final int port;

    DirectoryAgentCache(int port) {
        this.port = port;
    }

    /**
     * Applies one DAAdvert. The DA's address comes from its URL
     * ({@code service:directory-agent://198.18.4.1}) when that is a literal address, else from the
     * datagram's source.
     */
    Change observe(DirectoryAgentAdvert advert, InetAddress source) {
        if (advert.errorCode() != 0) {
            return Change.IGNORED;
        }
        InetAddress address = addressOf(advert, source);
        DirectoryAgent known = agents.get(address);
        if (advert.goingDown()) {
            return agents.remove(address) != null ? Change.REMOVED : Change.IGNORED;
        }
        agents.put(address, new DirectoryAgent(new InetSocketAddress(address, port),
                OptionalLong.of(advert.bootTimestamp()), advert.scopes()));
        if (known == null) {
            return Change.ADDED;
        }
        return known.bootTimestamp().equals(OptionalLong.of(advert.bootTimestamp())) ? Change.UNCHANGED
                : Change.REBOOTED;
    }

    /** Applies one DAAdvert like {@link #observe} and logs what changed, once, at INFO ({@code how} it came). */
    Change learn(DirectoryAgentAdvert advert, InetAddress source, String how) {
        Change change = observe(advert, source);
        String da = addressOf(advert, source).getHostAddress();
        switch (change) {
            case ADDED:
                LOG.info("SLP DA {} ({}, boot timestamp {}, scopes {}) learned, {}", da, advert.url(),
                        advert.bootTimestamp(), advert.scopes(), how);
                break;
            case REBOOTED:
                LOG.info("SLP DA {} rebooted (new boot timestamp {}): its registrations were renewed from scratch",
                        da, advert.bootTimestamp());
                break;
            case REMOVED:
                LOG.info("SLP DA {} is going down (DAAdvert with boot timestamp 0): forgotten", da);
                break;
            default:
                LOG.debug("SLP DAAdvert from {} ({}): {}", da, how, change);
        }
        return change;
    }

    /** The known DAs serving one of {@code scopes}. */
    List<DirectoryAgent> serving(List<String> scopes) {
        List<DirectoryAgent> out = new ArrayList<>();
        for (DirectoryAgent da : agents.values()) {
            if (da.serves(scopes)) {
                out.add(da);
            }
        }
        return out;
    }

    /** All known DAs. */
    List<DirectoryAgent> all() {
        return List.copyOf(agents.values());
    }

    static InetAddress addressOf(DirectoryAgentAdvert advert, InetAddress source) {
        try {
            String host = ServiceUrl.parse(advert.url()).host();
            if (isLiteralIpv4(host)) {
                return InetAddress.getByName(host);
            }
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            // fall back to the sender's address
        }
        return source;
    }

    private static boolean isLiteralIpv4(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
