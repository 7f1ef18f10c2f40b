package io.lunbridge.app.store;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One portal of a stored target and the local interfaces its sessions are bound to.
 *
 * @param host host name or IP address (IPv6 without brackets), never a loopback address
 * @param port TCP port, 1..65535
 * @param groupTag target portal group tag, or -1 when unknown
 * @param interfaces local network interfaces to log in through, in preference order; empty means
 *     "whatever the routing table picks"
 */
public record StoredPortal(String host, int port, int groupTag, List<String> interfaces) {

    /** Validates every field; errors name the field and the value. */
    public StoredPortal {
        host = FieldRules.host(host);
        if (port < 1 || port > 65535) {
            throw new StoreException("portal port: expected 1..65535, found " + port);
        }
        if (groupTag < -1 || groupTag > 65535) {
            throw new StoreException("portal group tag: expected 0..65535, found " + groupTag);
        }
        interfaces = List.copyOf(Objects.requireNonNull(interfaces, "interfaces"));
        for (String i : interfaces) {
            FieldRules.interfaceName(i);
        }
        if (new HashSet<>(interfaces).size() != interfaces.size()) {
            throw new StoreException("interface: the same interface is listed twice for portal "
                    + address(host, port) + ": " + interfaces);
        }
    }

    /** A portal without group tag or interface binding. */
    public static StoredPortal of(String host, int port) {
        return new StoredPortal(host, port, -1, List.of());
    }

    /** "198.18.0.2:3260" or "[fd00::1]:3260". */
    public String address() {
        return address(host, port);
    }

    /** "198.18.0.2:3260,1 via eth1,eth2": the address, the tag when known, the interfaces when bound. */
    @Override
    public String toString() {
        String s = groupTag >= 0 ? address() + "," + groupTag : address();
        return interfaces.isEmpty() ? s : s + " via " + String.join(",", interfaces);
    }

    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
