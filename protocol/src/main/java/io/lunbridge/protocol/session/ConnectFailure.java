package io.lunbridge.protocol.session;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.time.Duration;

/**
 * Turns a failed TCP connect into words an operator can act on ("connection refused", "no route
 * to host", "connection timed out after 8 s") instead of the transport's message, which for epoll is
 * often only the errno name or null followed by the address.
 */
final class ConnectFailure {
    private static final int ECONNREFUSED = 111;
    private static final int EHOSTUNREACH = 113;
    private static final int ENETUNREACH = 101;
    private static final int ETIMEDOUT = 110;
    private static final int EHOSTDOWN = 112;
    private static final String REFUSED = "connection refused (no iSCSI service on that port)";
    private static final String NO_ROUTE = "no route to host (nothing answers at that address; check the address and "
            + "the network)";
    private static final String NET_UNREACHABLE = "network is unreachable (no route to that network from this host)";

    private ConnectFailure() {
    }

    /** What went wrong with a connect that failed with {@code cause} after waiting up to {@code timeout}. */
    static String describe(Throwable cause, Duration timeout) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return timedOut(timeout);
            }
            if (t instanceof NoRouteToHostException) {
                return NO_ROUTE;
            }
            if (t instanceof PortUnreachableException) {
                return REFUSED;
            }
            int errno = t instanceof Errors.NativeIoException n ? -n.expectedErr() : 0;
            String byErrno = byErrno(errno, timeout);
            if (byErrno != null) {
                return byErrno;
            }
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("connection refused")) {
                    return REFUSED;
                }
                if (lower.contains("no route to host") || lower.contains("host is unreachable")) {
                    return NO_ROUTE;
                }
                if (lower.contains("network is unreachable")) {
                    return NET_UNREACHABLE;
                }
                if (lower.contains("timed out")) {
                    return timedOut(timeout);
                }
            }
        }
        String m = cause.getMessage();
        return m == null || m.startsWith("null") ? cause.getClass().getSimpleName() : m;
    }

    private static String byErrno(int errno, Duration timeout) {
        switch (errno) {
            case ECONNREFUSED:
                return REFUSED;
            case EHOSTUNREACH:
            case EHOSTDOWN:
                return NO_ROUTE;
            case ENETUNREACH:
                return NET_UNREACHABLE;
            case ETIMEDOUT:
                return timedOut(timeout);
            default:
                return null;
        }
    }

    private static String timedOut(Duration timeout) {
        return "connection timed out after " + timeout.toSeconds() + " s (no answer; a firewall may drop it)";
    }
}
