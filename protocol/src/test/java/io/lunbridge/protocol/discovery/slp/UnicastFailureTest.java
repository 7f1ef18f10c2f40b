package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import org.junit.jupiter.api.Test;

/** The words for an SLP unicast request that ended at once, as epoll and NIO report the errors. */
class UnicastFailureTest {

    @Test
    void portUnreachableFromEitherTransport() {
        String expected = "ICMP port unreachable (no SLP agent listens there)";
        assertEquals(expected, UnicastFailure.describe(new PortUnreachableException("recvAddress(..) failed"), true));
        assertEquals(expected, UnicastFailure.describe(new Errors.NativeIoException("recvAddress", -111), true));
    }

    @Test
    void hostUnreachableAsEpollAndNioReportIt() {
        String expected = "ICMP host unreachable (a router on the way has no route to that host)";
        // epoll: recvmsg returns -EHOSTUNREACH once IP_RECVERR is set
        assertEquals(expected, UnicastFailure.describe(new Errors.NativeIoException("recvAddress", -113), true));
        assertEquals(expected, UnicastFailure.describe(new NoRouteToHostException("No route to host"), true));
        assertEquals(expected, UnicastFailure.describe(new IOException("recvAddress(..) failed: No route to host"), true));
    }

    @Test
    void networkUnreachable() {
        assertEquals("ICMP network unreachable (a router on the way has no route to that network)",
                UnicastFailure.describe(new Errors.NativeIoException("recvAddress", -101), true));
    }

    @Test
    void aSendTheLocalStackRefusedIsNotCalledIcmp() {
        assertEquals("cannot send: host unreachable (this host has no route to that host)",
                UnicastFailure.describe(new Errors.NativeIoException("connect", -113), false));
        assertEquals("cannot send: network unreachable (this host has no route to that network)",
                UnicastFailure.describe(new IOException("sendAddress(..) failed: Network is unreachable"), false));
        assertEquals("cannot send: Operation not permitted",
                UnicastFailure.describe(new IOException("Operation not permitted"), false));
    }

    @Test
    void anotherReportedErrorKeepsItsMessage() {
        assertEquals("network error: recvAddress(..) failed: Message too long",
                UnicastFailure.describe(new IOException("recvAddress(..) failed: Message too long"), true));
    }
}
