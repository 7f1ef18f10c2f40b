package io.lunbridge.mpio;

import io.lunbridge.protocol.session.PortalRefusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plans the paths of a target like open-iscsi's ifaces: every portal through every configured
 * interface that has a route to it (a pair without such a route could only fail, so it is not a
 * path, and this is said once), in the order portals, then interfaces, were given (that order is
 * the failover priority). Without interfaces, one path per portal, routed freely.
 */
public final class PathPlan {
    private PathPlan() {
    }

    /**
     * Refuses a portal that is loopback, unspecified, multicast or an address of this host before
     * any path is planned: one bad portal among good ones is an error, not a path that never works.
     */
    private static void refuse(Portal p) {
        InetAddress address = resolve(p);
        PortalRefusal.reason(address).ifPresent(why -> {
            throw new IllegalArgumentException("portal " + p.host() + ":" + p.port() + " " + why
                    + ": lunbridge refuses loopback portals; use the target's address on a real interface");
        });
    }

    private static InetAddress resolve(Portal p) {
        try {
            return InetAddress.getByName(p.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("portal " + p.host() + ":" + p.port() + ": cannot resolve host '"
                    + p.host() + "'", e);
        }
    }

    /** A portal: host and port. */
    public record Portal(String host, int port) {
    }

    /**
     * The endpoints.
     *
     * @param notes receives one line per interface/portal pair left out
     * @throws IllegalArgumentException naming the portal that no given interface reaches
     */
    public static List<PathEndpoint> plan(List<Portal> portals, List<String> netdevs, RouteTable routes,
                                          Consumer<String> notes) {
        List<PathEndpoint> endpoints = new ArrayList<>();
        for (Portal p : portals) {
            refuse(p);
        }
        for (Portal p : portals) {
            if (netdevs.isEmpty()) {
                endpoints.add(new PathEndpoint(null, p.host(), p.port()));
                continue;
            }
            InetAddress address = resolve(p);
            int before = endpoints.size();
            for (String netdev : netdevs) {
                if (routes.reaches(netdev, address)) {
                    endpoints.add(new PathEndpoint(netdev, p.host(), p.port()));
                } else {
                    notes.accept("interface " + netdev + " has no route to portal " + p.host() + ":" + p.port()
                            + ": not a path");
                }
            }
            if (endpoints.size() == before) {
                throw new IllegalArgumentException("portal " + p.host() + ":" + p.port()
                        + " is not reachable through any of the interfaces " + String.join(", ", netdevs)
                        + " (no route out of them covers " + address.getHostAddress() + "; see `ip route`)");
            }
        }
        return endpoints;
    }
}
