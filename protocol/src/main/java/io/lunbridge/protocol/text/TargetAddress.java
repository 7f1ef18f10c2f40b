package io.lunbridge.protocol.text;

/**
 * The value of a TargetAddress key (RFC 7143 §13.8): {@code domainname[:port][,portal-group-tag]},
 * where an IPv6 literal is written in brackets. Used by redirection and SendTargets.
 *
 * @param host DNS name or IP address; an IPv6 literal without its brackets
 * @param port TCP port, 3260 when not given
 * @param portalGroupTag the portal group tag, or -1 when not given
 */
public record TargetAddress(String host, int port, int portalGroupTag) {
    /** The IANA-assigned iSCSI port, used when a TargetAddress has none. */
    public static final int DEFAULT_PORT = 3260;

    /**
     * Parses a TargetAddress value.
     *
     * @throws TextFormatException naming the value and what is wrong with it
     */
    public static TargetAddress parse(String value) {
        String rest = value;
        int tag = -1;
        int comma = rest.lastIndexOf(',');
        if (comma >= 0) {
            tag = number(value, rest.substring(comma + 1), "portal group tag", 0, 65535);
            rest = rest.substring(0, comma);
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new TextFormatException("TargetAddress=" + value + ": '[' without ']'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new TextFormatException("TargetAddress=" + value + ": unexpected '" + after
                            + "' after ']'");
                }
                port = number(value, after.substring(1), "port", 1, 65535);
            }
            if (host.indexOf(':') < 0) {
                throw new TextFormatException("TargetAddress=" + value + ": '" + host
                        + "' in brackets is not an IPv6 address");
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw new TextFormatException("TargetAddress=" + value
                        + ": an IPv6 address must be written in brackets, e.g. [fd00::1]:3260");
            }
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            if (colon >= 0) {
                port = number(value, rest.substring(colon + 1), "port", 1, 65535);
            }
        }
        if (host.isEmpty()) {
            throw new TextFormatException("TargetAddress=" + value + ": empty host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || c == '[' || c == ']' || c == '/') {
                throw new TextFormatException("TargetAddress=" + value + ": host contains '" + c + "'");
            }
        }
        return new TargetAddress(host, port, tag);
    }

    /** {@code host:port} with an IPv6 literal in brackets. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int number(String value, String text, String what, int min, int max) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TextFormatException("TargetAddress=" + value + ": " + what + " '" + text
                    + "' is not a number");
        }
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
            throw new TextFormatException("TargetAddress=" + value + ": " + what + " " + n
                    + " is out of range " + min + ".." + max);
        }
        return n;
    }
}
