package io.lunbridge.mpio;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's main routing table, as {@code /proc/net/route} (IPv4) and {@code /proc/net/ipv6_route}
 * show it: enough to tell whether a portal is reachable through a given interface, so that a path
 * is only planned where a packet bound to that interface can get there.
 *
 * @param routes one entry per route
 */
public record RouteTable(List<Route> routes) {
    /**
     * A route: destination network and prefix length, out of {@code netdev}.
     *
     * @param netdev the interface
     * @param destination the network (16 bytes for IPv6, 4 for IPv4)
     * @param prefix prefix length
     */
    public record Route(String netdev, byte[] destination, int prefix) {
        boolean covers(byte[] address) {
            if (address.length != destination.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != destination[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (destination[full] & mask);
        }
    }

    /** Reads the live tables; a missing file counts as no routes of that family. */
    public static RouteTable read() {
        List<Route> all = new ArrayList<>();
        all.addAll(parseIpv4(readOrEmpty(Path.of("/proc/net/route"))));
        all.addAll(parseIpv6(readOrEmpty(Path.of("/proc/net/ipv6_route"))));
        return new RouteTable(all);
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** Parses {@code /proc/net/route}: "Iface Destination Gateway Flags ... Mask ...", hex little-endian. */
    static List<Route> parseIpv4(String text) {
        List<Route> routes = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            try {
                byte[] dest = littleEndian(Long.parseLong(f[1], 16));
                int mask = (int) Long.parseLong(f[7], 16);
                routes.add(new Route(f[0], dest, Integer.bitCount(mask)));
            } catch (NumberFormatException ignored) {
                // a line of another shape: not a route
            }
        }
        return routes;
    }

    private static byte[] littleEndian(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    /** Parses {@code /proc/net/ipv6_route}: "dest prefixlen src srclen next metric ref use flags iface". */
    static List<Route> parseIpv6(String text) {
        List<Route> routes = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[0].length() != 32) {
                continue;
            }
            try {
                byte[] dest = new byte[16];
                for (int i = 0; i < 16; i++) {
                    dest[i] = (byte) Integer.parseInt(f[0].substring(2 * i, 2 * i + 2), 16);
                }
                routes.add(new Route(f[9], dest, Integer.parseInt(f[1], 16)));
            } catch (NumberFormatException ignored) {
                // not a route line
            }
        }
        return routes;
    }

    /** Whether a route out of {@code netdev} covers {@code address}. */
    public boolean reaches(String netdev, InetAddress address) {
        byte[] a = address.getAddress();
        for (Route r : routes) {
            if (r.netdev().equals(netdev) && r.covers(a)
                    && ((address instanceof Inet4Address) == (r.destination().length == 4)
                    || (address instanceof Inet6Address) == (r.destination().length == 16))) {
                return true;
            }
        }
        return false;
    }
}
