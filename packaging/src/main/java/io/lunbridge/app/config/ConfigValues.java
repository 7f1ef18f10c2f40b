package io.lunbridge.app.config;

import io.lunbridge.protocol.input.Excerpt;
import java.util.Set;

/** Checks one configuration value for its key; returns what is wrong (quoting an excerpt), or null. */
final class ConfigValues {
    static final Set<String> METHODS = Set.of("file", "store", "odm", "isns", "slp");
    static final Set<String> DIGESTS = Set.of("none", "crc32c");
    static final Set<String> LOG_FORMATS = Set.of("auto", "text", "journal", "json");

    private ConfigValues() {
    }

    static String check(ConfigKey key, String value) {
        switch (key) {
            case DISCOVERY_POLICY: {
                if (value.isBlank()) {
                    return "expected at least one of file, store, odm, isns, slp";
                }
                java.util.List<String> seen = new java.util.ArrayList<>();
                for (String m : value.split(",")) {
                    String method = m.strip().toLowerCase(java.util.Locale.ROOT);
                    if (!METHODS.contains(method)) {
                        return "unknown discovery method '" + Excerpt.of(m.strip()) + "' (expected file, store, odm, isns or slp)";
                    }
                    String canonical = method.equals("odm") ? "store" : method;
                    if (seen.contains(canonical)) {
                        return "discovery method '" + Excerpt.of(m.strip()) + "' is listed twice";
                    }
                    seen.add(canonical);
                }
                return null;
            }
            case LOGIN_HEADER_DIGEST:
            case LOGIN_DATA_DIGEST:
                for (String d : value.split(",")) {
                    if (!DIGESTS.contains(d.strip().toLowerCase(java.util.Locale.ROOT))) {
                        return "unknown digest '" + Excerpt.of(d.strip()) + "' (expected None, CRC32C or a list of them)";
                    }
                }
                return null;
            case SESSION_KEEPALIVE_INTERVAL:
            case SESSION_KEEPALIVE_TIMEOUT:
            case SESSION_COMMAND_TIMEOUT:
            case NBD_HANDSHAKE_TIMEOUT:
                try {
                    int n = Integer.parseInt(value.strip());
                    int min = key == ConfigKey.SESSION_KEEPALIVE_INTERVAL ? 0 : 1;
                    if (n < min || n > 3600) {
                        return "expected " + min + "..3600 seconds, found " + n;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "expected a number of seconds, found '" + Excerpt.of(value) + "'";
                }
            case NBD_MAX_BYTES_IN_FLIGHT:
                try {
                    ByteCount.parse(value, Configuration.MIN_BYTES_IN_FLIGHT, Configuration.MAX_BYTES_IN_FLIGHT);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            case SOCKET_BUFFERS:
                try {
                    io.lunbridge.protocol.session.SocketBufferPolicy.parse(value);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            case MPIO_INTERFACES:
                for (String netdev : value.split(",")) {
                    String n = netdev.strip();
                    if (!n.isEmpty() && (n.length() > 15 || n.contains("/") || n.contains(" "))) {
                        return "'" + Excerpt.of(n) + "' is not a network interface name (1 to 15 characters, no '/' or space)";
                    }
                }
                return null;
            case MPIO_POLICY:
                return parsed(() -> io.lunbridge.mpio.SelectorPolicy.parse(value));
            case MPIO_FAILBACK:
                return parsed(() -> io.lunbridge.mpio.Failback.parse(value));
            case MPIO_REPLACEMENT_TIMEOUT:
                return parsed(() -> io.lunbridge.mpio.ReplacementTimeout.parse(value));
            case MPIO_POLLING_INTERVAL:
            case MPIO_RELOGIN_MAX:
                try {
                    int n = Integer.parseInt(value.strip());
                    if (n < 1 || n > 3600) {
                        return "expected 1..3600 seconds, found " + n;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "expected a number of seconds, found '" + value + "'";
                }
            case DISCOVERY_TARGETS_FILE:
            case DISCOVERY_STORE:
            case NBD_SOCKET_DIR:
                return value.startsWith("/") ? null : "expected an absolute path, found '" + Excerpt.of(value) + "'";
            case LOG_FORMAT:
                return LOG_FORMATS.contains(value.strip().toLowerCase(java.util.Locale.ROOT)) ? null
                        : "expected auto, text, journal or json, found '" + value + "'";
            case METRICS_SOCKET:
                return value.isEmpty() || value.startsWith("/") ? null
                        : "expected an absolute path or nothing (off), found '" + value + "'";
            case METRICS_LISTEN:
                if (value.isEmpty()) {
                    return null;
                }
                try {
                    return io.lunbridge.app.PortalAddress.parse(value, -1).port() > 0 ? null
                            : "expected HOST:PORT, found '" + value + "' without a port";
                } catch (IllegalArgumentException e) {
                    return "expected HOST:PORT, found '" + value + "': " + e.getMessage();
                }
            default:
                return null;
        }
    }

    /** null when {@code parse} accepts the value, else its message. */
    private static String parsed(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
