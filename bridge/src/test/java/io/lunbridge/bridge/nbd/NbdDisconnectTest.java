package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ending a connection with requests in flight, over a real Unix socket (the EOF that follows the
 * client's last bytes is what the embedded channel cannot show): proto.md says the server MUST
 * handle every outstanding request before it closes. The client sends 64 writes, optionally
 * NBD_CMD_DISC, and shuts its sending side down at once, as nbd clients do; only then does the
 * device complete the writes. Every write must be answered, then the server closes.
 */
class NbdDisconnectTest {
    private static final int WRITES = 64;
    private static final int BLOCK = 4096;

    @TempDir
    Path tmp;
    private InMemoryBlockDevice device;
    private NbdServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        device = new InMemoryBlockDevice(InMemoryBlockDevice.geometry(1 << 20));
        socket = tmp.resolve("nbd.sock");
        server = new NbdServer(NbdServerConfig.unix(new ExportRegistry(List.of(
                new NbdExport("lun1", "test", device))), socket).withHandshakeTimeout(Duration.ofMinutes(10)));
        server.start();
    }

    @AfterEach
    void stop() {
        device.releaseAll();
        server.stop(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "with DISC: {0}")
    @ValueSource(booleans = {true, false})
    void everyRequestInFlightIsAnsweredBeforeTheServerCloses(boolean disc) throws Exception {
        device.pause();
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            negotiate(client);
            ByteBuf burst = Unpooled.buffer();
            for (int i = 0; i < WRITES; i++) {
                burst.writeBytes(NbdWire.write(0, 1000 + i, (long) i * BLOCK, NbdWire.pattern(BLOCK, i)));
            }
            if (disc) {
                burst.writeBytes(NbdWire.request(0, NbdWire.CMD_DISC, 9999, 0, 0));
            }
            writeAll(client, burst);
            client.shutdownOutput();
            Await.until("all " + WRITES + " writes at the device", () -> device.pendingCount() == WRITES);
            device.releaseAll();

            Map<Long, Integer> replies = new HashMap<>();
            ByteBuffer reply = ByteBuffer.allocate(16);
            while (readFully(client, reply)) {
                reply.flip();
                assertEquals(NbdWire.SIMPLE_MAGIC, reply.getInt(), "simple reply magic");
                int error = reply.getInt();
                replies.put(reply.getLong(), error);
                reply.clear();
            }
            assertEquals(WRITES, replies.size(), "replies received before the server closed: " + replies.keySet());
            for (int i = 0; i < WRITES; i++) {
                assertEquals(0, replies.get(1000L + i), "error of write " + i);
                assertArrayEquals(NbdWire.pattern(BLOCK, i), device.contents((long) i * BLOCK, BLOCK), "block " + i);
            }
        }
        Await.until("the server closed the connection", () -> server.connectionCount() == 0);
    }

    @org.junit.jupiter.api.Test
    void aClientThatEndsItsInputDuringNegotiationIsClosedAtOnce() throws Exception {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(socket));
            assertTrue(readFully(client, ByteBuffer.allocate(18)), "greeting");
            writeAll(client, NbdWire.clientFlags(3));
            client.shutdownOutput();
            // not after the (10 min) handshake deadline: the half-closed connection is closed now
            Await.until("the server closed the connection", () -> server.connectionCount() == 0);
            assertEquals(false, readFully(client, ByteBuffer.allocate(1)), "end of stream at the client");
        }
    }

    private static void negotiate(SocketChannel client) throws IOException {
        ByteBuffer greeting = ByteBuffer.allocate(18);
        assertTrue(readFully(client, greeting), "greeting");
        writeAll(client, NbdWire.clientFlags(3));
        writeAll(client, NbdWire.option(NbdWire.OPT_GO, NbdWire.infoData("lun1")));
        int type;
        do {
            ByteBuffer header = ByteBuffer.allocate(20);
            assertTrue(readFully(client, header), "option reply");
            header.flip();
            assertEquals(NbdWire.OPT_REPLY_MAGIC, header.getLong());
            header.getInt();
            type = header.getInt();
            assertTrue(readFully(client, ByteBuffer.allocate(header.getInt())), "option reply data");
        } while (type == NbdWire.REP_INFO);
        assertEquals(NbdWire.REP_ACK, type, "GO acknowledged");
    }

    private static void writeAll(SocketChannel client, ByteBuf bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(NbdWire.bytes(bytes));
        while (b.hasRemaining()) {
            client.write(b);
        }
    }

    /** Fills {@code b}; false on a clean end of stream before its first byte. */
    private static boolean readFully(SocketChannel client, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (client.read(b) < 0) {
                assertEquals(0, b.position(), "the stream ended inside a reply");
                return false;
            }
        }
        return true;
    }

}
