package io.lunbridge.protocol.discovery.slp;

import io.netty.channel.unix.Errors;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.util.Locale;

/**
 * Words for why a unicast SLP request ended at once: an ICMP error the network returned for it
 * (reported on the connected channel, see {@link SlpNetwork#openConnectedUdp}) or a send the
 * local stack refused. Port unreachable arrives as {@link PortUnreachableException} (epoll and
 * NIO); host and network unreachable as epoll's {@link Errors.NativeIoException} with errno
 * EHOSTUNREACH or ENETUNREACH ("recvAddress(..) failed: No route to host") or NIO's
 * {@link NoRouteToHostException}. The errno values are Linux's, where epoll runs.
 */
final class UnicastFailure {
    private static final int ECONNREFUSED = 111;
    private static final int ENETUNREACH = 101;
    private static final int EHOSTDOWN = 112;
    private static final int EHOSTUNREACH = 113;

    private UnicastFailure() {
    }

    /**
     * Why the request failed, e.g. {@code ICMP host unreachable (a router on the way has no route
     * to that host)}.
     *
     * @param cause what the channel reported
     * @param received true for an error reported on the channel after sending (the network
     *     answered with ICMP), false for a connect or send the local stack refused
     */
    static String describe(Throwable cause, boolean received) {
        String how = received ? "ICMP " : "cannot send: ";
        int errno = cause instanceof Errors.NativeIoException n ? Math.abs(n.expectedErr()) : 0;
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof PortUnreachableException || errno == ECONNREFUSED) {
            return how + "port unreachable (no SLP agent listens there)";
        }
        if (cause instanceof NoRouteToHostException || errno == EHOSTUNREACH || errno == EHOSTDOWN
                || message.contains("no route to host")) {
            return how + "host unreachable (" + (received ? "a router on the way has" : "this host has")
                    + " no route to that host)";
        }
        if (errno == ENETUNREACH || message.contains("network is unreachable")) {
            return how + "network unreachable (" + (received ? "a router on the way has" : "this host has")
                    + " no route to that network)";
        }
        return (received ? "network error: " : how) + cause.getMessage();
    }
}
