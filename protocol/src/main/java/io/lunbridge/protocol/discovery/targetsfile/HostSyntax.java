package io.lunbridge.protocol.discovery.targetsfile;

import java.util.Locale;
import java.util.Optional;

/**
 * Syntactic check of the HostNameOrAddress field, without any name resolution: a dotted-decimal
 * IPv4 address, an IPv6 address in RFC 2373 text form (no brackets, no zone), or an RFC 1123 host
 * name. Returns the normalized host or the reason it is invalid.
 */
final class HostSyntax {
    private static final int MAX_HOST_NAME = 253;
    private static final int MAX_LABEL = 63;

    private HostSyntax() {
    }

    /** The reason {@code host} is invalid, or empty when it is valid. */
    static Optional<String> problem(String host) {
        if (host.startsWith("[")) {
            return Optional.of("expected an IPv6 address without brackets (RFC 2373 text form)");
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host) ? Optional.empty()
                    : Optional.of("expected an IPv6 address in RFC 2373 text form");
        }
        if (looksNumeric(host)) {
            return isIpv4(host) ? Optional.empty()
                    : Optional.of("expected a dotted-decimal IPv4 address (four numbers 0..255)");
        }
        return isHostName(host) ? Optional.empty()
                : Optional.of("expected a host name (letters, digits and '-' in dot-separated labels"
                        + " of 1..63 characters, at most 253 in all), an IPv4 or an IPv6 address");
    }

    /** Lowercase form used in entries. */
    static String normalize(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    private static boolean looksNumeric(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int headGroups = countGroups(head, tail.isEmpty() && gap < 0);
        int tailGroups = countGroups(tail, true);
        if (headGroups < 0 || tailGroups < 0) {
            return false;
        }
        int groups = headGroups + tailGroups;
        return gap < 0 ? groups == 8 : groups <= 7;
    }

    /** Groups in a colon-separated run, the last one possibly IPv4 (counts 2); -1 if invalid. */
    private static int countGroups(String run, boolean ipv4AllowedAtEnd) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && ipv4AllowedAtEnd && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return -1;
                }
                groups += 2;
            } else if (isHexGroup(p)) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }

    private static boolean isHexGroup(String p) {
        if (p.isEmpty() || p.length() > 4) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.digit(p.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostName(String s) {
        if (s.isEmpty() || s.length() > MAX_HOST_NAME) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
