package io.lunbridge.it.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with clients that misbehave, against a real tgtd: a client that never negotiates is
 * disconnected at the handshake deadline ({@code nbd.handshake-timeout}, here 2 s); clients that
 * vanish with unread data (the kernel resets the Unix socket), during the handshake and during
 * transmission, each leave one INFO line naming the client and no Netty "tail of the pipeline"
 * warning or NativeIoException.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServeHandshakeIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:serve-handshake";
    private static final long NBDMAGIC = 0x4e42444d41474943L;

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void idleClientsAreClosedAtTheDeadlineAndResetsAreOneInfoLine() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.bindAll(1);
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/lunbridge.conf"), "nbd.handshake-timeout = 2\n");
        try (ServeProcess serve = ServeProcess.start(ns.peerAddress(), IQN, "iqn.2026-12.io.lunbridge.it:hs", tmp)) {
            try (SocketChannel idle = connect(serve.socket())) {
                ByteBuffer greeting = readFully(idle, 18);
                assertEquals(NBDMAGIC, greeting.getLong(0));
                long start = System.nanoTime();
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(-1, idle.read(one), "the server closes a client that does not negotiate");
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertTrue(seconds < 30, "closed at the 2 s deadline, not left open (" + seconds + " s)");
            }
            Await.until("the deadline is logged", Duration.ofSeconds(10),
                    () -> serve.log().contains("did not negotiate an export within 2 s; closing the connection"));

            try (SocketChannel vanishing = connect(serve.socket())) {
                awaitUnreadBytes(vanishing); // the greeting arrives and stays unread: closing now resets the connection
            }
            Await.until("the handshake reset is logged", Duration.ofSeconds(10),
                    () -> serve.log().contains("connection lost (") && serve.log().contains("Connection reset by peer"));

            try (SocketChannel c = connect(serve.socket())) {
                readFully(c, 18);
                c.write(ByteBuffer.allocate(4).putInt(0, 3)); // FIXED_NEWSTYLE | NO_ZEROES
                ByteBuffer opt = ByteBuffer.allocate(16);
                opt.putLong(0x49484156454F5054L).putInt(1).putInt(0).flip(); // NBD_OPT_EXPORT_NAME ""
                c.write(opt);
                readFully(c, 10); // export size and transmission flags
                ByteBuffer read = ByteBuffer.allocate(28);
                read.putInt(0x25609513).putShort((short) 0).putShort((short) 0).putLong(7).putLong(0).putInt(65536).flip();
                c.write(read);
                awaitUnreadBytes(c); // the 64 KiB reply arrives and stays unread
            }
            Await.until("the transmission reset is logged", Duration.ofSeconds(10),
                    () -> serve.log().contains("connection lost (") && serve.log().split("Connection reset by peer",
                            -1).length >= 3);
            String log = serve.log();
            assertFalse(log.contains("reached at the tail of the pipeline"), log);
            assertFalse(log.contains("NativeIoException"), log);
            assertFalse(log.lines().anyMatch(l -> l.contains(" WARN ") && l.contains("NBD client")), log);
            assertEquals(ServeProcess.EXIT_ON_SIGTERM, serve.terminate(Duration.ofSeconds(60)), serve.diagnostics());
        }
    }

    private static SocketChannel connect(Path socket) throws Exception {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        return c;
    }

    private static ByteBuffer readFully(SocketChannel c, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new java.io.EOFException("server closed after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.flip();
    }

    /** Waits (at most 10 s) until {@code c} has bytes to read, without reading them. */
    private static void awaitUnreadBytes(SocketChannel c) throws java.io.IOException {
        boolean blocking = c.isBlocking();
        c.configureBlocking(false);
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            c.register(selector, java.nio.channels.SelectionKey.OP_READ);
            if (selector.select(10_000) == 0) {
                throw new AssertionError("the server sent nothing within 10 s");
            }
        } // closing the selector deregisters the channel
        c.configureBlocking(blocking);
    }
}
