package io.lunbridge.mpio;

import java.util.Objects;

/**
 * Where one path goes: out of a local network interface (or wherever the routing table sends it,
 * when {@code netdev} is null) to one target portal.
 *
 * @param netdev the Linux interface the socket is bound to (SO_BINDTODEVICE), or null
 * @param host the portal's address
 * @param port the portal's TCP port
 */
public record PathEndpoint(String netdev, String host, int port) {
    public PathEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("portal port " + port + " out of range 1..65535");
        }
    }

    /** "host:port" ("[v6]:port" for IPv6). */
    public String portal() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** "netdev->portal", or the portal alone for an unbound path: the path's name everywhere. */
    public String id() {
        return netdev == null ? portal() : netdev + "->" + portal();
    }

    @Override
    public String toString() {
        return id();
    }
}
