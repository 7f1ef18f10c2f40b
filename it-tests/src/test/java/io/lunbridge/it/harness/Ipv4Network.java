package io.lunbridge.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 network (address + prefix length), used to pick test subnets that do not collide with
 * anything already configured on the machine.
 *
 * @param address the address as an unsigned 32-bit value in an int (need not be the network base)
 * @param prefix  prefix length 0..32
 */
public record Ipv4Network(int address, int prefix) {

    private static final Pattern INET = Pattern.compile("\\binet (\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");

    /** Validates the prefix length. */
    public Ipv4Network {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0..32, got " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/p}. */
    public static Ipv4Network parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv4 CIDR (missing /prefix): '" + cidr + "'");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in IPv4 CIDR '" + cidr + "'", e);
        }
        return new Ipv4Network(parseAddress(cidr.substring(0, slash)), prefix);
    }

    /** Parses a dotted-quad IPv4 address into an int. */
    public static int parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted-quad IPv4 address: '" + dotted + "'");
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad octet '" + part + "' in IPv4 address '" + dotted + "'", e);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("octet " + octet + " out of range in IPv4 address '" + dotted + "'");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Formats an int as a dotted-quad IPv4 address. */
    public static String formatAddress(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
                + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Every {@code inet A/P} network in the output of {@code ip -4 -o addr}. */
    public static List<Ipv4Network> parseIpAddrOutput(String output) {
        List<Ipv4Network> networks = new ArrayList<>();
        Matcher matcher = INET.matcher(output);
        while (matcher.find()) {
            networks.add(new Ipv4Network(parseAddress(matcher.group(1)), Integer.parseInt(matcher.group(2))));
        }
        return networks;
    }

    /** The network mask as an int. */
    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The first address of the network. */
    public int base() {
        return address & mask();
    }

    /** The address {@code offset} after the network base, as dotted quad. */
    public String hostAt(int offset) {
        return formatAddress(base() + offset);
    }

    /** True when the two networks share at least one address. */
    public boolean overlaps(Ipv4Network other) {
        int shorter = Math.min(prefix, other.prefix);
        int mask = shorter == 0 ? 0 : -1 << (32 - shorter);
        return (address & mask) == (other.address & mask);
    }

    @Override
    public String toString() {
        return formatAddress(address) + "/" + prefix;
    }
}
