package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's claim on its fixed control socket path: a second daemon refused, a stale socket removed. */
class DaemonSocketTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondDaemonIsRefusedNamingTheFirstsPid() throws Exception {
        Path sock = tmp.resolve("daemon.sock");
        try (DaemonSocket first = DaemonSocket.claim(sock)) {
            String m = assertThrows(IllegalStateException.class, () -> DaemonSocket.claim(sock)).getMessage();
            assertEquals("another lunbridge daemon (process " + ProcessHandle.current().pid() + ") is running with "
                    + "control socket " + sock + ": stop it first (systemctl stop lunbridge), or give this one another "
                    + "--control PATH", m);
        }
        DaemonSocket.claim(sock).close(); // released: the next daemon may start
    }

    @Test
    void aSocketNobodyAnswersOnIsRemovedALiveOneAndAPlainFileAreRefused() throws Exception {
        Path sock = tmp.resolve("daemon.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(sock));
            String m = assertThrows(IllegalStateException.class, () -> DaemonSocket.claim(sock)).getMessage();
            assertTrue(m.startsWith("a lunbridge process already answers on " + sock), m);
        }
        assertTrue(Files.exists(sock), "closing a bound channel leaves its socket file: a stale socket");
        try (DaemonSocket claim = DaemonSocket.claim(sock)) {
            assertFalse(Files.exists(sock), "the stale socket is removed for the new server");
        }
        Files.writeString(sock, "not a socket");
        assertEquals(sock + " exists and is not a socket: remove it, or give the daemon another --control PATH",
                assertThrows(IllegalStateException.class, () -> DaemonSocket.claim(sock)).getMessage());
        assertTrue(Files.exists(sock), "a file that is no socket is never deleted");
    }
}
