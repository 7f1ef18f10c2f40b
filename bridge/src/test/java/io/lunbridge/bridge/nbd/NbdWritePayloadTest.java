package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.bridge.nbd.transmission.NbdRequest;
import io.lunbridge.bridge.nbd.transmission.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The NBD WRITE payload is never copied in user space: the request decoder hands on the socket's
 * own receive buffers (composite cumulation), even when the payload arrives over several reads.
 * Shown by memory addresses, as {@code PduDecoderTest} does for the iSCSI side.
 */
class NbdWritePayloadTest {
    private static final int HEADER = 28;

    @Test
    void aPayloadSplitOverThreeReadsIsTheThreeReceiveBuffersThemselves() {
        byte[] payload = NbdWire.pattern(3 * 4096, 7);
        byte[] wire = NbdWire.bytes(NbdWire.write(0, 42, 8192, payload));
        ByteBuf first = direct(wire, 0, HEADER + 1000);
        ByteBuf second = direct(wire, HEADER + 1000, 5000);
        ByteBuf third = direct(wire, HEADER + 6000, wire.length - HEADER - 6000);
        long[] expected = {first.memoryAddress() + HEADER, second.memoryAddress(), third.memoryAddress()};

        EmbeddedChannel ch = new EmbeddedChannel(new RequestDecoder("test"));
        ch.writeInbound(first);
        ch.writeInbound(second);
        assertNull(ch.readInbound(), "no request before the payload is complete");
        ch.writeInbound(third);
        NbdRequest r = ch.readInbound();
        try {
            assertEquals(42, r.handle());
            assertArrayEquals(payload, ByteBufUtil.getBytes(r.payload()));
            ByteBuffer[] parts = r.payload().nioBuffers();
            assertEquals(3, parts.length, "one part per receive buffer");
            for (int i = 0; i < parts.length; i++) {
                assertTrue(parts[i].isDirect());
                assertEquals(expected[i], PlatformDependent.directBufferAddress(parts[i]), "part " + i + " address");
            }
        } finally {
            r.release();
        }
        assertFalse(ch.finish(), "nothing left over");
    }

    @Test
    void aPayloadInOneReadIsASliceOfThatBuffer() {
        byte[] payload = NbdWire.pattern(4096, 3);
        byte[] two = concat(NbdWire.bytes(NbdWire.write(0, 1, 0, payload)),
                NbdWire.bytes(NbdWire.write(0, 2, 4096, payload)));
        ByteBuf in = direct(two, 0, two.length);
        long base = in.memoryAddress();
        EmbeddedChannel ch = new EmbeddedChannel(new RequestDecoder("test"));
        ch.writeInbound(in);
        for (int i = 0; i < 2; i++) {
            NbdRequest r = ch.readInbound();
            try {
                ByteBuffer[] parts = r.payload().nioBuffers();
                assertEquals(1, parts.length);
                assertEquals(base + HEADER + (long) i * (HEADER + 4096), PlatformDependent.directBufferAddress(parts[0]));
            } finally {
                r.release();
            }
        }
        assertFalse(ch.finish());
    }

    private static ByteBuf direct(byte[] bytes, int offset, int length) {
        ByteBuf b = Unpooled.directBuffer(length);
        b.writeBytes(bytes, offset, length);
        assertTrue(b.hasMemoryAddress(), "direct buffer with an address to compare");
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
