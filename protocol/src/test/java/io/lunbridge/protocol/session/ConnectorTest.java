package io.lunbridge.protocol.session;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.login.LoginConfig;
import io.lunbridge.protocol.login.SessionType;
import io.lunbridge.protocol.text.OperationalParameters;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the connector refuses before a single byte is sent: loopback portals and interfaces, bad portals. */
class ConnectorTest {
    private final Transport transport = Transport.create(1);

    @AfterEach
    void close() {
        transport.close();
    }

    private static LoginConfig login() {
        return new LoginConfig("iqn.2026-11.io.lunbridge:test", null, "iqn.2026-11.x:t", SessionType.NORMAL,
                0x800000000001L, 0, 0, OperationalParameters.defaults(), Optional.empty(), "");
    }

    private String refusal(ConnectOptions options, String host, int port) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> new Connector(transport, options)
                .open(host, port, login(), SessionConfig.defaults()).get(10, TimeUnit.SECONDS));
        return assertInstanceOf(Connector.ConnectException.class, e.getCause()).getMessage();
    }

    @Test
    void loopbackPortalsAreRefusedNamingTheAddress() {
        String m = refusal(ConnectOptions.defaults(), "127.0.0.1", 3260);
        assertTrue(m.contains("portal 127.0.0.1:3260 is a loopback address") && m.contains("refuses loopback"), m);
        m = refusal(ConnectOptions.defaults(), "::1", 3260);
        assertTrue(m.contains("portal [::1]:3260 is a loopback address"), m);
        m = refusal(ConnectOptions.defaults(), "localhost", 3260);
        assertTrue(m.contains("loopback address"), m);
    }

    @Test
    void aLoopbackLocalInterfaceIsRefused() throws Exception {
        String m = refusal(ConnectOptions.defaults().withLocalAddress(InetAddress.getByName("127.0.0.1")),
                "198.18.0.2", 3260);
        assertTrue(m.contains("local address 127.0.0.1 is a loopback address: lunbridge refuses loopback interfaces"), m);
    }

    @Test
    void aLocalAddressOnNoInterfaceIsRefused() throws Exception {
        String m = refusal(ConnectOptions.defaults().withLocalAddress(InetAddress.getByName("198.19.255.254")),
                "198.18.0.2", 3260);
        assertTrue(m.contains("local address 198.19.255.254 is not configured on any interface"), m);
    }

    @Test
    void badPortsAndUnknownHostsAreNamed() {
        String m = refusal(ConnectOptions.defaults(), "198.18.0.2", 70000);
        assertTrue(m.contains("port 70000 out of range 1..65535"), m);
        m = refusal(ConnectOptions.defaults(), "no-such-host.invalid", 3260);
        assertTrue(m.contains("cannot resolve host 'no-such-host.invalid'"), m);
    }
}
