package io.lunbridge.app.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every key of {@code lunbridge.conf}, with its default and what it means. The file holds
 * {@code key = value} lines; {@code #} starts a comment; unknown keys are errors (a typo must not
 * silently fall back to a default).
 */
public enum ConfigKey {
    DISCOVERY_POLICY("discovery.policy", "file",
            "discovery methods in order, comma separated: file, store (alias odm), isns, slp"),
    DISCOVERY_TARGETS_FILE("discovery.targets-file", "/etc/lunbridge/targets",
            "AIX-format targets file used by the 'file' method"),
    DISCOVERY_STORE("discovery.store", "/var/lib/lunbridge/store.db",
            "persistent configuration store used by the 'store' method (the only method allowed for boot disks)"),
    ISNS_SERVERS("isns.servers", "",
            "iSNS servers HOST[:PORT], comma separated, tried in order (failover)"),
    SLP_SCOPES("slp.scopes", "DEFAULT", "SLP scopes to search, comma separated"),
    SLP_DIRECTORY_AGENTS("slp.directory-agents", "",
            "SLP directory agents HOST[:PORT], comma separated; empty: find them by multicast"),
    LOGIN_HEADER_DIGEST("login.header-digest", "None", "HeaderDigest values offered, in preference order"),
    LOGIN_DATA_DIGEST("login.data-digest", "None", "DataDigest values offered, in preference order"),
    SESSION_KEEPALIVE_INTERVAL("session.keepalive-interval", "5", "seconds of silence before a NOP-Out ping (0: off)"),
    SESSION_KEEPALIVE_TIMEOUT("session.keepalive-timeout", "5", "seconds a ping may stay unanswered"),
    SESSION_COMMAND_TIMEOUT("session.command-timeout", "30", "seconds before a command is aborted"),
    SOCKET_BUFFERS("socket.buffers", "auto",
            "TCP buffer sizing: auto (the larger of net.core.*mem_max and autotuning), autotune, or bytes"),
    NBD_SOCKET_DIR("nbd.socket-dir", "/run/lunbridge", "directory of the NBD Unix sockets"),
    MPIO_INTERFACES("mpio.interfaces", "",
            "local network interfaces the paths leave from, comma separated; every portal is logged in through "
                    + "each interface with a route to it (empty: one path per portal, routed freely)"),
    MPIO_POLICY("mpio.policy", "failover",
            "path selection: failover (one path at a time, by priority), round-robin, queue-length, service-time"),
    MPIO_FAILBACK("mpio.failback", "immediate",
            "return to a better path that came back: immediate, manual, or after N seconds"),
    MPIO_REPLACEMENT_TIMEOUT("mpio.replacement-timeout", "120",
            "seconds I/O queues while no path is usable before it fails with EIO (0: at once; queue: forever)"),
    MPIO_POLLING_INTERVAL("mpio.polling-interval", "5",
            "seconds between path checks (TEST UNIT READY); doubles while healthy up to 4x"),
    MPIO_RELOGIN_MAX("mpio.relogin-max", "16",
            "cap in seconds of the doubling delay between re-logins of a failed path (starts at 1 s or Time2Wait)"),
    NBD_HANDSHAKE_TIMEOUT("nbd.handshake-timeout", "10",
            "seconds an NBD client of 'serve' may take to negotiate an export before it is disconnected"),
    NBD_MAX_BYTES_IN_FLIGHT("nbd.max-bytes-in-flight", "8m",
            "data one NBD connection may hold (write payloads, reads at the LUN, unsent replies) before reading from"
                    + " it pauses, in bytes (suffix k, m, g); a larger single request still proceeds alone. Applies to"
                    + " every client of 'serve' and to each kernel /dev/nbdN connection of 'attach' and the daemon"
                    + " (FUSE + loop is bounded by its request count instead)"),
    LOG_FORMAT("log.format", "auto",
            "log line format: auto (journal under systemd, else text), text, journal (syslog priority prefix, no"
                    + " timestamp) or json (one JSON object per line); LUNBRIDGE_LOG_FORMAT overrides it"),
    METRICS_SOCKET("metrics.socket", "/run/lunbridge/metrics.sock",
            "Unix socket where 'serve' answers HTTP GET /metrics in the Prometheus text format; empty: off"),
    METRICS_LISTEN("metrics.listen", "",
            "also serve /metrics on this TCP HOST:PORT (e.g. 198.18.0.1:9573); empty: only the Unix socket");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The key named {@code name}, case-insensitively. */
    public static Optional<ConfigKey> of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.key.equals(n)).findFirst();
    }

    /** All key names, for error messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(ConfigKey::key).toList();
    }
}
