package io.lunbridge.app.doctor;

import java.util.OptionalLong;

/**
 * The kernel's FUSE request timeout (Linux 6.14+): a request unanswered for longer aborts the whole
 * FUSE connection, and every later I/O of a FUSE + loop disk fails for good. lunbridge's FUSE server
 * sets no timeout of its own (protocol 7.38 has none), so {@code fs.fuse.default_request_timeout}
 * applies, capped by {@code fs.fuse.max_request_timeout} (either alone when the other is 0).
 *
 * @param defaultSeconds fs.fuse.default_request_timeout (0 when absent)
 * @param maxSeconds     fs.fuse.max_request_timeout (0 when absent)
 */
public record FuseRequestTimeout(long defaultSeconds, long maxSeconds) {
    static final String DEFAULT = "/proc/sys/fs/fuse/default_request_timeout";
    static final String MAX = "/proc/sys/fs/fuse/max_request_timeout";

    /** The sysctls of {@code host}; absent or unreadable ones count as 0 (no timeout). */
    public static FuseRequestTimeout of(Host host) {
        return new FuseRequestTimeout(number(host, DEFAULT), number(host, MAX));
    }

    /** The seconds after which the kernel aborts a connection with a waiting request; empty for never. */
    public OptionalLong effective() {
        long seconds = maxSeconds == 0 ? defaultSeconds : defaultSeconds == 0 ? maxSeconds
                : Math.min(defaultSeconds, maxSeconds);
        return seconds > 0 ? OptionalLong.of(seconds) : OptionalLong.empty();
    }

    /** What the timeout does to a FUSE + loop disk that lost every path, for warnings. */
    public String consequence() {
        return "the kernel aborts the FUSE connection when a request waits more than " + effective().orElse(0)
                + " s (fs.fuse.default_request_timeout=" + defaultSeconds + ", max_request_timeout=" + maxSeconds
                + "): a FUSE + loop disk whose paths are all lost then fails for good, before"
                + " mpio.replacement-timeout (120 s by default, or queue) ends the wait";
    }

    /** The remedy. */
    public static String fix() {
        return "sysctl -w fs.fuse.default_request_timeout=0 fs.fuse.max_request_timeout=0 (or both above"
                + " mpio.replacement-timeout)";
    }

    private static long number(Host host, String absolute) {
        try {
            return host.read(absolute).map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
