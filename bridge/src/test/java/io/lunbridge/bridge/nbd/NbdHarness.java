package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.bridge.nbd.handshake.HandshakeHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;

/**
 * Drives one server connection in an {@link EmbeddedChannel}: feeds client bytes, collects server
 * bytes and parses them field by field as a client would.
 */
final class NbdHarness {
    final EmbeddedChannel channel;
    private final ByteBuf received = Unpooled.buffer();

    /** An option reply as a client reads it. */
    record OptionReply(int option, int type, byte[] data) {
    }

    /** A structured reply chunk header plus its payload. */
    record Chunk(int flags, int type, long handle, byte[] payload) {
    }

    NbdHarness(ExportRegistry exports, int maxInFlight) {
        this(exports, maxInFlight, NbdServerConfig.DEFAULT_MAX_BYTES_IN_FLIGHT);
    }

    NbdHarness(ExportRegistry exports, int maxInFlight, long maxBytesInFlight) {
        channel = new EmbeddedChannel(new HandshakeHandler(
                new ConnectionContext("test-peer", exports, maxInFlight, maxBytesInFlight)));
        collect();
    }

    NbdHarness(NbdExport... exports) {
        this(new ExportRegistry(List.of(exports)), 128);
    }

    void send(ByteBuf bytes) {
        channel.writeInbound(bytes);
        channel.runPendingTasks();
        collect();
    }

    void collect() {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            received.writeBytes(b);
            b.release();
        }
    }

    int available() {
        collect();
        return received.readableBytes();
    }

    byte[] take(int n) {
        collect();
        assertTrue(received.readableBytes() >= n, "expected " + n + " bytes from server, have "
                + received.readableBytes());
        byte[] b = new byte[n];
        received.readBytes(b);
        return b;
    }

    ByteBuf takeBuf(int n) {
        return Unpooled.wrappedBuffer(take(n));
    }

    void expectGreeting() {
        ByteBuf g = takeBuf(18);
        assertEquals(NbdWire.NBDMAGIC, g.readLong());
        assertEquals(NbdWire.IHAVEOPT, g.readLong());
        assertEquals(3, g.readUnsignedShort(), "handshake flags FIXED_NEWSTYLE|NO_ZEROES");
    }

    OptionReply optionReply() {
        ByteBuf h = takeBuf(20);
        assertEquals(NbdWire.OPT_REPLY_MAGIC, h.readLong(), "option reply magic");
        int option = h.readInt();
        int type = h.readInt();
        int length = h.readInt();
        return new OptionReply(option, type, take(length));
    }

    /** Simple reply: returns the error, checks the handle. */
    int simpleReply(long handle) {
        ByteBuf h = takeBuf(16);
        assertEquals(NbdWire.SIMPLE_MAGIC, h.readInt(), "simple reply magic");
        int error = h.readInt();
        assertEquals(handle, h.readLong(), "handle");
        return error;
    }

    Chunk chunk() {
        ByteBuf h = takeBuf(20);
        assertEquals(NbdWire.STRUCTURED_MAGIC, h.readInt(), "structured reply magic");
        int flags = h.readUnsignedShort();
        int type = h.readUnsignedShort();
        long handle = h.readLong();
        int length = h.readInt();
        return new Chunk(flags, type, handle, take(length));
    }

    /** Completes the handshake with the client flags FIXED_NEWSTYLE | NO_ZEROES. */
    NbdHarness handshake() {
        expectGreeting();
        send(NbdWire.clientFlags(3));
        return this;
    }

    /** Handshake, optional structured replies and base:allocation, then GO with block sizes. */
    NbdHarness go(String export, boolean structured, boolean meta) {
        handshake();
        if (structured) {
            send(NbdWire.option(NbdWire.OPT_STRUCTURED_REPLY, new byte[0]));
            assertEquals(NbdWire.REP_ACK, optionReply().type());
        }
        if (meta) {
            send(NbdWire.option(NbdWire.OPT_SET_META, NbdWire.metaData(export, "base:allocation")));
            assertEquals(NbdWire.REP_META, optionReply().type());
            assertEquals(NbdWire.REP_ACK, optionReply().type());
        }
        send(NbdWire.option(NbdWire.OPT_GO, NbdWire.infoData(export, NbdWire.INFO_BLOCK_SIZE)));
        OptionReply r;
        do {
            r = optionReply();
        } while (r.type() == NbdWire.REP_INFO);
        assertEquals(NbdWire.REP_ACK, r.type(), "GO must end with ACK");
        return this;
    }
}
