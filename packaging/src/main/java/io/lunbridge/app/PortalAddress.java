package io.lunbridge.app;

/**
 * A portal given on the command line: {@code HOST}, {@code HOST:PORT}, {@code [IPV6]} or
 * {@code [IPV6]:PORT}; the port defaults to 3260.
 */
public record PortalAddress(String host, int port) {
    /** The iSCSI well-known port. */
    public static final int DEFAULT_PORT = 3260;

    public static PortalAddress parse(String text) {
        return parse(text, DEFAULT_PORT);
    }

    /** Parses with another default port (3205 for iSNS, 427 for SLP). */
    public static PortalAddress parse(String text, int defaultPort) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("--portal: empty value; expected HOST[:PORT]");
        }
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("--portal '" + text + "': missing ']' after the IPv6 address");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("--portal '" + text + "': expected ':PORT' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            host = t; // bare IPv6 address without port
        } else {
            int colon = t.indexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("--portal '" + text + "': empty host");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--portal '" + text + "': port '" + port + "' is not a number");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--portal '" + text + "': port " + p + " out of range 1..65535");
            }
        }
        return new PortalAddress(host, p);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
