package io.lunbridge.bridge.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * FUSE requests as /dev/fuse delivers them, on random and mutated input (seeds: one request of
 * each opcode the decoder reads): only {@link FuseFormatException}, no hang, bounded allocation;
 * and the READ size and lookup name bounds, one under and one over.
 */
class FuseFuzzTest {
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();
    private final FuseRequestDecoder decoder = new FuseRequestDecoder();

    /** fuse_in_header (little-endian) followed by {@code args}. */
    private static byte[] request(int opcode, byte[] args) {
        ByteBuf b = Unpooled.buffer().writeIntLE(40 + args.length).writeIntLE(opcode).writeLongLE(7).writeLongLE(2)
                .writeIntLE(1000).writeIntLE(1000).writeIntLE(4242).writeIntLE(0).writeBytes(args);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static byte[] readIn(long offset, int size) {
        ByteBuf b = Unpooled.buffer().writeLongLE(1).writeLongLE(offset).writeIntLE(size).writeZero(20);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static Gen<byte[]> frame() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(request(26, new byte[64])); // INIT
        seeds.add(request(1, "lun1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))); // LOOKUP
        seeds.add(request(15, readIn(4096, 65536))); // READ
        byte[] write = new byte[40 + 512];
        write[16] = 0; // size 512, little-endian at 16
        write[17] = 2;
        seeds.add(request(16, write)); // WRITE
        seeds.add(request(42, new byte[24])); // BATCH_FORGET
        seeds.add(request(4, new byte[88])); // SETATTR
        seeds.add(request(43, new byte[32])); // FALLOCATE
        return Mutations.mutated(seeds, 2048);
    }

    @Test
    void requestDecodesOrRefuses() {
        Fuzz.forAll(frame(), b -> {
            guard.check(b, () -> {
                ByteBuf frame = Unpooled.wrappedBuffer(b);
                try {
                    FuseRequest r = decoder.decode(frame);
                    if (r instanceof FuseRequest.Write w) {
                        w.data().release();
                    }
                } finally {
                    frame.release();
                }
            }, FuseFormatException.class);
        });
    }

    @Test
    void readOfTheMaximumSizeIsDecodedAndOneByteMoreIsRefused() throws Exception {
        FuseRequest.Read r = assertInstanceOf(FuseRequest.Read.class,
                decoder.decode(Unpooled.wrappedBuffer(request(15, readIn(0, FuseRequestDecoder.MAX_READ_BYTES)))));
        assertEquals(FuseRequestDecoder.MAX_READ_BYTES, r.size());
        FuseFormatException e = assertThrows(FuseFormatException.class, () -> decoder.decode(
                Unpooled.wrappedBuffer(request(15, readIn(0, FuseRequestDecoder.MAX_READ_BYTES + 1)))));
        assertTrue(e.getMessage().startsWith("fuse_read_in.size at offset 56: 33554433 is too large (at most 33554432"), e.getMessage());
    }

    @Test
    void lookupNameOf255BytesIsDecodedAnd256IsRefused() throws Exception {
        byte[] name = ("n".repeat(255) + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(255, assertInstanceOf(FuseRequest.Lookup.class,
                decoder.decode(Unpooled.wrappedBuffer(request(1, name)))).name().length());
        byte[] longer = ("n".repeat(256) + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        FuseFormatException e = assertThrows(FuseFormatException.class,
                () -> decoder.decode(Unpooled.wrappedBuffer(request(1, longer))));
        assertTrue(e.getMessage().startsWith("lookup name at offset 40: 256 bytes is too long (at most 255"), e.getMessage());
    }
}
