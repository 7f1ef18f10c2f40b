package io.lunbridge.bridge.nbd;

import io.lunbridge.bridge.nbd.options.InfoRequest;
import io.lunbridge.bridge.nbd.options.MetaContextRequest;
import io.lunbridge.bridge.nbd.options.OptionDecoder;
import io.lunbridge.bridge.nbd.options.OptionFormatException;
import io.lunbridge.bridge.nbd.transmission.RequestDecoder;
import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The NBD option stream, the option payloads and the transmission request stream on random and
 * mutated input (seeds: the byte vectors of the handshake and transmission tests): the option
 * decoder never throws (a broken stream ends the connection after one log line), the request
 * decoder reports only {@link NbdFormatException} (down the pipeline, to the transmission handler),
 * option payloads throw only {@link OptionFormatException}; no hang, bounded allocation, and every
 * buffer released.
 */
class NbdFuzzTest {
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    private static byte[] concat(ByteBuf... parts) {
        ByteBuf all = Unpooled.wrappedBuffer(parts);
        try {
            return NbdWire.bytes(all.retain());
        } finally {
            all.release();
        }
    }

    private static Gen<byte[]> optionStream() {
        return Mutations.mutated(List.of(
                concat(NbdWire.option(7, NbdWire.infoData("disk", 0, 3))),
                concat(NbdWire.option(10, NbdWire.metaData("disk", "base:allocation")), NbdWire.option(2, new byte[0])),
                concat(NbdWire.option(1, NbdWire.utf8("disk")))), 2048);
    }

    private static Gen<byte[]> optionData() {
        return Mutations.mutated(List.of(NbdWire.infoData("disk", 0, 1, 2, 3), NbdWire.metaData("", "base:allocation"),
                NbdWire.metaData("disk", "base:allocation", "qemu:dirty-bitmap:x")), 1024);
    }

    private static Gen<byte[]> requestStream() {
        return Mutations.mutated(List.of(
                concat(NbdWire.request(0, 0, 1, 0, 4096), NbdWire.write(0, 2, 4096, NbdWire.pattern(512, 1))),
                concat(NbdWire.request(0, 3, 3, 0, 0), NbdWire.request(0, 2, 4, 0, 0)),
                concat(NbdWire.write(1, 5, 0, NbdWire.pattern(1024, 2)))), 4096);
    }

    private static void drain(EmbeddedChannel ch) {
        Object m;
        while ((m = ch.readInbound()) != null) {
            ReferenceCountUtil.release(m);
        }
        ch.finishAndReleaseAll();
    }

    /** Feeds {@code b} to a fresh channel around a new decoder, releasing whatever it produces. */
    @SafeVarargs
    private void feed(byte[] b, java.util.function.Supplier<io.netty.channel.ChannelHandler> decoder,
                      Class<? extends Throwable>... allowed) {
        guard.check(b, () -> {
            EmbeddedChannel ch = new EmbeddedChannel(decoder.get());
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(b));
            } finally {
                drain(ch);
            }
        }, allowed);
    }

    @Test
    void optionStreamIsFramedOrTheConnectionClosed() {
        Fuzz.forAll(optionStream(), b -> {
            feed(b, () -> new OptionDecoder("fuzz"));
        });
    }

    @Test
    void optionPayloadsParseOrRefuse() {
        Fuzz.forAll(optionData(), b -> {
            guard.check(b, () -> InfoRequest.parse(b), OptionFormatException.class);
            guard.check(b, () -> MetaContextRequest.parse(b), OptionFormatException.class);
        });
    }

    @Test
    void requestStreamIsFramedOrRefused() {
        Fuzz.forAll(requestStream(), b -> {
            feed(b, () -> new RequestDecoder("fuzz"), NbdFormatException.class);
        });
    }

    @org.junit.jupiter.api.Test
    void optionOf64KibIsFramedAndOneByteMoreClosesTheConnection() {
        EmbeddedChannel ok = new EmbeddedChannel(new OptionDecoder("198.18.0.9:1"));
        ok.writeInbound(NbdWire.option(1, new byte[OptionDecoder.MAX_OPTION_LENGTH]));
        Object request = ok.readInbound();
        org.junit.jupiter.api.Assertions.assertNotNull(request, "64 KiB of option data is one option");
        org.junit.jupiter.api.Assertions.assertTrue(ok.isOpen());
        drain(ok);

        EmbeddedChannel over = new EmbeddedChannel(new OptionDecoder("198.18.0.9:2"));
        // only the header arrives: the length alone is refused, nothing is buffered for the data
        over.writeInbound(Unpooled.buffer().writeLong(NbdWire.IHAVEOPT).writeInt(1)
                .writeInt(OptionDecoder.MAX_OPTION_LENGTH + 1));
        over.runPendingTasks();
        org.junit.jupiter.api.Assertions.assertNull(over.readInbound());
        org.junit.jupiter.api.Assertions.assertFalse(over.isOpen(), "the connection is closed");
        drain(over);
    }

    @org.junit.jupiter.api.Test
    void writeOf32MibWaitsForItsPayloadAndOneByteMoreIsAFormatErrorOfTheLengthField() {
        List<Throwable> errors = new java.util.ArrayList<>();
        int max = io.lunbridge.bridge.nbd.transmission.BlockSizeConstraints.MAX_PAYLOAD;
        EmbeddedChannel ok = new EmbeddedChannel(new RequestDecoder("198.18.0.9:3"), errorsTo(errors));
        ok.writeInbound(NbdWire.request(0, 1, 1, 0, max));
        org.junit.jupiter.api.Assertions.assertNull(ok.readInbound(), "waits for the 32 MiB payload");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), errors);
        drain(ok);

        EmbeddedChannel over = new EmbeddedChannel(new RequestDecoder("198.18.0.9:4"), errorsTo(errors));
        over.writeInbound(NbdWire.request(0, 1, 2, 0, max + 1L));
        org.junit.jupiter.api.Assertions.assertNull(over.readInbound());
        org.junit.jupiter.api.Assertions.assertEquals(1, errors.size(), errors.toString());
        NbdFormatException e = org.junit.jupiter.api.Assertions.assertInstanceOf(NbdFormatException.class, errors.get(0));
        org.junit.jupiter.api.Assertions.assertEquals("length", e.field());
        org.junit.jupiter.api.Assertions.assertEquals(24, e.offset());
        drain(over);
    }

    /** Collects what reaches {@code exceptionCaught} after the decoder (unwrapped, by the convention). */
    static io.netty.channel.ChannelInboundHandler errorsTo(List<Throwable> errors) {
        return new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        };
    }
}
