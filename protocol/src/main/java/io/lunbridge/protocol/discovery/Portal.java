package io.lunbridge.protocol.discovery;

import java.util.Objects;

/**
 * A network portal through which a target is reached, with its portal group tag.
 *
 * @param host DNS name or IP address; an IPv6 literal is kept without brackets
 * @param port TCP port
 * @param groupTag target portal group tag, or -1 when unknown
 */
public record Portal(String host, int port, int groupTag) {
    public Portal {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.startsWith("[")) {
            throw new IllegalArgumentException("portal host must be a name or an address without brackets, got '"
                    + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("portal port " + port + " out of range 1..65535");
        }
        if (groupTag < -1 || groupTag > 65535) {
            throw new IllegalArgumentException("portal group tag " + groupTag + " out of range 0..65535");
        }
    }

    /** "198.18.0.2:3260,1" or "[fd00::1]:3260,1"; without ",tag" when the tag is unknown. */
    @Override
    public String toString() {
        String hostPort = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return groupTag >= 0 ? hostPort + "," + groupTag : hostPort;
    }
}
