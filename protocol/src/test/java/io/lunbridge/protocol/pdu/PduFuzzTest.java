package io.lunbridge.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The PDU codec and the stream decoder on random and mutated input (seeds: every PDU of the
 * captured connections): only {@link PduFormatException}, no hang, bounded allocation, and no
 * buffer leaked.
 */
class PduFuzzTest {
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    /** Every PDU of the plain (digest-free) captures, header and data segment. */
    static List<byte[]> pdus() {
        List<byte[]> out = new ArrayList<>();
        for (Captures.Connection c : Captures.all()) {
            if (!c.name().startsWith("plain")) {
                continue;
            }
            for (byte[] stream : List.of(c.initiatorBytes(), c.targetBytes())) {
                int pos = 0;
                while (stream.length - pos >= PduCodec.BHS_LENGTH) {
                    int ahs = 4 * (stream[pos + 4] & 0xff);
                    int data = ((stream[pos + 5] & 0xff) << 16) | ((stream[pos + 6] & 0xff) << 8) | (stream[pos + 7] & 0xff);
                    int total = PduCodec.BHS_LENGTH + ahs + data + PduCodec.padding(data);
                    if (pos + total > stream.length) {
                        break;
                    }
                    out.add(java.util.Arrays.copyOfRange(stream, pos, pos + total));
                    pos += total;
                }
            }
        }
        assertTrue(out.size() > 20, "seed PDUs: " + out.size());
        return out;
    }

    private static Gen<byte[]> pdu() {
        return Mutations.mutated(pdus(), 9000);
    }

    private static Gen<byte[]> stream() {
        List<byte[]> streams = new ArrayList<>();
        for (Captures.Connection c : Captures.all()) {
            streams.add(c.targetBytes());
            streams.add(c.initiatorBytes());
        }
        return Mutations.mutated(streams, 70_000);
    }

    @Test
    void codecDecodesOrRefusesAnyHeaderAndData() {
        Fuzz.forAll(pdu(), bytes -> {
            guard.check(bytes, () -> {
                ByteBuf in = Unpooled.wrappedBuffer(bytes);
                int headerLength = Math.min(bytes.length, PduCodec.BHS_LENGTH + (bytes.length > 4 ? 4 * (bytes[4] & 0xff) : 0));
                ByteBuf header = in.slice(0, headerLength);
                ByteBuf data = in.retainedSlice(headerLength, bytes.length - headerLength);
                try {
                    Pdu pdu = PduCodec.decode(header, data);
                    pdu.release();
                } finally {
                    if (data.refCnt() > 0) {
                        data.release();
                    }
                }
            }, PduFormatException.class);
        });
    }

    @Test
    void streamDecoderFramesOrRefusesAnyStream() {
        Fuzz.forAll(stream(), bytes -> {
            for (FramingParameters framing : List.of(FramingParameters.LOGIN, new FramingParameters(true, true, 262144, 262144))) {
                guard.check(bytes, () -> {
                    EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(framing));
                    try {
                        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
                    } finally {
                        Object m;
                        while ((m = ch.readInbound()) != null) {
                            ReferenceCountUtil.release(m);
                        }
                        ch.finishAndReleaseAll();
                    }
                }, PduFormatException.class);
            }
        });
    }
}
