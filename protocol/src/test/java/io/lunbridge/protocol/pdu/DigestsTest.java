package io.lunbridge.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class DigestsTest {
    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] ascending() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] descending() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (31 - i);
        }
        return b;
    }

    @Test
    void rfc3720AppendixB4Vectors() {
        assertEquals(0x8a9136aa, Digests.crc32c(Unpooled.wrappedBuffer(filled(0)), 0, 32));
        assertEquals(0x62a8ab43, Digests.crc32c(Unpooled.wrappedBuffer(filled(0xff)), 0, 32));
        assertEquals(0x46dd794e, Digests.crc32c(Unpooled.wrappedBuffer(ascending()), 0, 32));
        assertEquals(0x113fdb5c, Digests.crc32c(Unpooled.wrappedBuffer(descending()), 0, 32));
    }

    @Test
    void sameResultForHeapDirectCompositeAndSlicedBuffers() {
        byte[] bytes = ascending();
        ByteBuf direct = Unpooled.directBuffer(40).writeZero(4).writeBytes(bytes);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(bytes, 0, 5));
        composite.addComponent(true, Unpooled.wrappedBuffer(bytes, 5, 20));
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(bytes, 25, 7));
        try {
            assertEquals(0x46dd794e, Digests.crc32c(direct, 4, 32));
            assertEquals(0x46dd794e, Digests.crc32c(composite, 0, 32));
            assertEquals(0x46dd794e, Digests.crc32c(composite.slice(0, 32), 0, 32));
            // Heap buffer with a non-zero array offset.
            byte[] offset = new byte[35];
            System.arraycopy(bytes, 0, offset, 3, 32);
            assertEquals(0x46dd794e, Digests.crc32c(Unpooled.wrappedBuffer(offset).slice(3, 32), 0, 32));
            assertEquals(0x46dd794e, Digests.crc32c(Unpooled.wrappedBuffer(offset), 3, 32));
            assertEquals(direct.readerIndex(), 0, "indices are not moved");
            assertEquals(36, direct.writerIndex());
        } finally {
            direct.release();
            composite.release();
        }
    }

    @Test
    void digestGoesOnTheWireLeastSignificantByteFirst() {
        // RFC 3720 B.4 prints the CRC of 32 zero bytes as the byte sequence aa 36 91 8a.
        ByteBuf out = Unpooled.buffer();
        Digests.write(out, Digests.crc32c(Unpooled.wrappedBuffer(filled(0)), 0, 32));
        assertEquals("aa36918a", Hex.of(out));
        assertEquals(0x8a9136aa, Digests.read(out, 0));
    }

    @Test
    void dataDigestCoversTheZeroPadding() {
        byte[] threeBytes = {1, 2, 3};
        byte[] padded = {1, 2, 3, 0};
        assertEquals(Digests.crc32c(Unpooled.wrappedBuffer(padded), 0, 4),
                Digests.dataDigest(Unpooled.wrappedBuffer(threeBytes), 0, 3));
        // Already aligned: no padding is added.
        assertEquals(0x46dd794e, Digests.dataDigest(Unpooled.wrappedBuffer(ascending()), 0, 32));
    }
}
