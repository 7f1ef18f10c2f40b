package io.lunbridge.protocol.discovery.slp;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One iSCSI target found through SLP: its {@code service:iscsi:target} URL (portal and iSCSI
 * name), the remaining lifetime of the registration, the agent that answered (a DA, or the SA
 * itself after multicast convergence) and the RFC 4018 attributes from an AttrRqst, absent when
 * attributes were not asked for or the agent did not answer the AttrRqst.
 *
 * @param serviceUrl the URL exactly as the agent listed it (what an AttrRqst names)
 * @param url the target URL, parsed
 * @param lifetime remaining lifetime of the registration in seconds
 * @param answeredBy the DA or SA whose SrvRply listed the URL
 * @param attributes the target's attributes, if fetched
 */
public record SlpTarget(String serviceUrl, IscsiTargetUrl url, int lifetime, InetSocketAddress answeredBy,
        Optional<IscsiTargetAttributes> attributes) {

    /** Requires every part. */
    public SlpTarget {
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(answeredBy, "answeredBy");
        Objects.requireNonNull(attributes, "attributes");
    }

    /** With these attributes. */
    public SlpTarget withAttributes(IscsiTargetAttributes attrs) {
        return new SlpTarget(serviceUrl, url, lifetime, answeredBy, Optional.of(attrs));
    }
}
