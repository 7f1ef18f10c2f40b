package io.lunbridge.protocol.session;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/**
 * Which portal addresses lunbridge refuses before connecting, and why: loopback (127.0.0.0/8,
 * ::1), the unspecified address and "this network" (0.0.0.0/8, ::, which the kernel connects to
 * the local host), multicast, and any address configured on an interface of this host. Each is a
 * way of reaching the local host (or no single target) instead of a target on the network.
 */
public final class PortalRefusal {
    private PortalRefusal() {
    }

    /**
     * Why {@code address} is refused as a portal ("is a loopback address", …), or empty if it may
     * be used.
     */
    public static Optional<String> reason(InetAddress address) {
        Optional<String> kind = byKind(address);
        if (kind.isPresent()) {
            return kind;
        }
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(address);
            if (nif != null) {
                return Optional.of("is an address of this host (interface " + nif.getName()
                        + ") and would reach this host, like loopback");
            }
        } catch (SocketException e) {
            return Optional.empty(); // cannot tell; the routed-interface check after connecting still applies
        }
        return Optional.empty();
    }

    /**
     * Why {@code address} can never be a portal, from the address alone (loopback, unspecified,
     * multicast): also for stored portals, which may be used on another host.
     */
    public static Optional<String> byKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("is a loopback address");
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && address.getAddress()[0] == 0)) {
            return Optional.of("is the unspecified address, which reaches this host like loopback");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("is a multicast address, not one target's address");
        }
        return Optional.empty();
    }
}
