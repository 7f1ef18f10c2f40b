package io.lunbridge.protocol.discovery.slp;

import java.util.List;
import java.util.Objects;

/**
 * A URL entry (RFC 2608 §4.3): a service URL with its remaining lifetime in seconds (openslp
 * counts down in 15 s steps and never ages 65535) and its authentication blocks.
 *
 * @param lifetime remaining lifetime in seconds, 0..65535
 * @param url the service URL, e.g. {@code service:iscsi:target://198.18.4.11:3260/iqn...}
 * @param auths the URL authentication blocks
 */
public record UrlEntry(int lifetime, String url, List<AuthBlock> auths) {

    /** Checks ranges and copies the list. */
    public UrlEntry {
        Objects.requireNonNull(url, "url");
        if (lifetime < 0 || lifetime > 0xFFFF) {
            throw new IllegalArgumentException("lifetime: expected 0..65535, found " + lifetime);
        }
        auths = List.copyOf(auths);
    }

    /** An entry without authentication blocks. */
    public UrlEntry(int lifetime, String url) {
        this(lifetime, url, List.of());
    }

    /** The URL parsed into service type, host, port and path. */
    public ServiceUrl serviceUrl() {
        return ServiceUrl.parse(url);
    }
}
