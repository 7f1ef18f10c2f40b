package io.lunbridge.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Portals that reach this host are refused by address; failed connects are described in words. */
class PortalRefusalTest {
    private static Optional<String> reason(String literal) throws Exception {
        return PortalRefusal.reason(InetAddress.getByName(literal));
    }

    @Test
    void unspecifiedLoopbackMulticastAndThisHostsAddressesAreRefused() throws Exception {
        assertEquals(Optional.of("is the unspecified address, which reaches this host like loopback"), reason("0.0.0.0"));
        assertEquals(Optional.of("is the unspecified address, which reaches this host like loopback"), reason("::"));
        assertEquals(Optional.of("is the unspecified address, which reaches this host like loopback"), reason("0.1.2.3"));
        assertEquals(Optional.of("is a loopback address"), reason("127.9.9.9"));
        assertEquals(Optional.of("is a loopback address"), reason("::1"));
        assertEquals(Optional.of("is a loopback address"), reason("::ffff:127.0.0.1"));
        assertEquals(Optional.of("is a multicast address, not one target's address"), reason("224.0.0.22"));
        assertEquals(Optional.of("is a multicast address, not one target's address"), reason("ff02::1"));
        assertEquals(Optional.empty(), reason("198.19.255.254"), "an address on no interface of this host is allowed");
        NetworkInterface.networkInterfaces().filter(n -> !n.getName().equals("lo"))
                .flatMap(NetworkInterface::inetAddresses).findFirst().ifPresent(own -> {
                    Optional<String> r = PortalRefusal.reason(own);
                    assertTrue(r.isPresent() && r.get().startsWith("is an address of this host (interface "), r.toString());
                });
    }

    @Test
    void theConnectorNamesTheUnspecifiedPortal() throws Exception {
        Transport transport = Transport.create(1);
        try {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> new Connector(transport, ConnectOptions.defaults()).open("0.0.0.0", 3260,
                            new io.lunbridge.protocol.login.LoginConfig("iqn.2026-11.io.lunbridge:test", null,
                                    "iqn.2026-11.x:t", io.lunbridge.protocol.login.SessionType.NORMAL, 0x800000000001L,
                                    0, 0, io.lunbridge.protocol.text.OperationalParameters.defaults(),
                                    Optional.empty(), ""), SessionConfig.defaults())
                            .get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("portal 0.0.0.0:3260 is the unspecified address, which reaches this host like loopback "
                    + "(0.0.0.0): lunbridge refuses loopback portals; use the target's address on a real interface",
                    e.getCause().getMessage());
        } finally {
            transport.close();
        }
    }

    @Test
    void connectFailuresAreDescribedInWords() {
        Duration eight = Duration.ofSeconds(8);
        assertEquals("connection timed out after 8 s (no answer; a firewall may drop it)",
                ConnectFailure.describe(new ConnectTimeoutException("connection timed out: /198.18.70.99:3260"), eight));
        assertEquals("connection refused (no iSCSI service on that port)",
                ConnectFailure.describe(new Errors.NativeIoException("connect", -111), eight));
        assertEquals("no route to host (nothing answers at that address; check the address and the network)",
                ConnectFailure.describe(new Errors.NativeIoException("connect", -113), eight));
        assertEquals("network is unreachable (no route to that network from this host)",
                ConnectFailure.describe(new Errors.NativeIoException("connect", -101), eight));
        assertEquals("connection refused (no iSCSI service on that port)",
                ConnectFailure.describe(new java.net.ConnectException("Connection refused"), eight));
        assertEquals("IllegalStateException", ConnectFailure.describe(new IllegalStateException((String) null), eight));
    }
}
