package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.protocol.input.Excerpt;
import io.lunbridge.protocol.naming.InvalidIscsiNameException;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code service:iscsi:target} URL as RFC 4018 and the IANA template {@code iscsi:target} 1.0
 * define it: {@code hostport "/" iscsi-name ["/" identity]}, default port 3260. One URL names one
 * target at one portal.
 *
 * @param host the portal host or address (IPv6 without brackets)
 * @param port the portal port
 * @param name the target's iSCSI name
 * @param identity the optional identity path segment
 */
public record IscsiTargetUrl(String host, int port, IscsiName name, Optional<String> identity) {

    /** The service type of iSCSI targets. */
    public static final String SERVICE_TYPE = "service:iscsi:target";
    /** The default iSCSI port. */
    public static final int DEFAULT_PORT = 3260;

    /** Requires the parts. */
    public IscsiTargetUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
    }

    /**
     * Parses a target URL.
     *
     * @throws IllegalArgumentException naming the URL and the problem (wrong type, missing or
     *     invalid iSCSI name, bad port)
     */
    public static IscsiTargetUrl parse(String url) {
        ServiceUrl su = ServiceUrl.parse(url);
        if (!su.serviceType().equals(SERVICE_TYPE)) {
            throw new IllegalArgumentException("service URL '" + Excerpt.of(url) + "': expected type " + SERVICE_TYPE
                    + ", found " + su.serviceType());
        }
        String path = su.path();
        if (!path.startsWith("/") || path.length() == 1) {
            throw new IllegalArgumentException("service URL '" + Excerpt.of(url) + "': expected '/' and the iSCSI name"
                    + " after the portal");
        }
        int slash = path.indexOf('/', 1);
        String nameText = slash < 0 ? path.substring(1) : path.substring(1, slash);
        IscsiName name;
        try {
            name = IscsiName.parse(nameText);
        } catch (InvalidIscsiNameException e) {
            throw new IllegalArgumentException("service URL '" + Excerpt.of(url) + "': " + e.getMessage(), e);
        }
        Optional<String> identity = slash < 0 ? Optional.empty() : Optional.of(path.substring(slash + 1));
        return new IscsiTargetUrl(su.host(), su.port().orElse(DEFAULT_PORT), name, identity);
    }
}
