package io.lunbridge.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.discovery.SendTargetsParser;
import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Text key=value segments, their reassembly from cut PDUs, SendTargets answers and TargetAddress
 * values on random and mutated input: only {@link TextFormatException}, no hang, bounded
 * allocation; and the per-value bound, one byte under and over.
 */
class TextFuzzTest {
    private static final List<String> SEEDS = List.of(
            "TargetName=iqn.2026-11.test.lunbridge:d1\0TargetAddress=198.18.10.2:3260,1\0"
                    + "TargetAddress=[fd00::2]:3261,2\0TargetName=iqn.2026-11.test.lunbridge:d2\0",
            "HeaderDigest=None\0DataDigest=None\0MaxRecvDataSegmentLength=262144\0MaxBurstLength=262144\0",
            "AuthMethod=CHAP\0CHAP_A=5\0CHAP_I=7\0CHAP_C=0x0123456789abcdef0123456789abcdef\0",
            "X#com.example.Vendor=Zürich\0TargetPortalGroupTag=1\0\0\0\0");
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    private static Gen<byte[]> text() {
        return Mutations.mutatedUtf8(SEEDS, 4096);
    }

    private static Gen<String> address() {
        return Gen.oneOf(Gen.strings(100), Gen.strings("[]:,.0123456789abcdef-", 60),
                Gen.of("198.18.10.2:3260,1", "[fd00::2]:3261,2", "host.example:65535,65535"));
    }

    @Test
    void segmentDecodesOrRefuses() {
        Fuzz.forAll(text(), b -> {
            guard.check(b, () -> SendTargetsParser.parse(TextCodec.decode(Unpooled.wrappedBuffer(b)), "198.18.10.2:3260"),
                    TextFormatException.class);
        });
    }

    /** A text and the seed of the places it is cut at. */
    private record Cut(byte[] text, long seed) {
    }

    private static Gen<Cut> cuts() {
        Gen<byte[]> text = text();
        return r -> new Cut(text.next(r), r.nextLong());
    }

    @Test
    void reassemblyFromAnyCutsDecodesOrRefuses() {
        Fuzz.forAll(cuts(), cut -> {
            byte[] b = cut.text();
            guard.check(b, () -> {
                TextAccumulator acc = new TextAccumulator(2048);
                Random r = new Random(cut.seed());
                int from = 0;
                while (true) {
                    int n = b.length - from == 0 ? 0 : 1 + r.nextInt(b.length - from);
                    boolean last = from + n == b.length;
                    acc.accept(Unpooled.wrappedBuffer(b, from, n), !last);
                    from += n;
                    if (last) {
                        break;
                    }
                }
            }, TextFormatException.class);
        });
    }

    @Test
    void targetAddressParsesOrRefuses() {
        Fuzz.forAll(address(), a -> {
            guard.check(a.getBytes(StandardCharsets.UTF_8), () -> TargetAddress.parse(a), TextFormatException.class);
        });
    }

    @Test
    void valueOfTheMaximumLengthIsDecodedAndOneByteMoreIsRefused() {
        String max = "X-com.example.Blob=" + "v".repeat(TextCodec.MAX_VALUE_BYTES) + "\0";
        assertEquals(TextCodec.MAX_VALUE_BYTES, TextCodec.decode(Unpooled.wrappedBuffer(max.getBytes(StandardCharsets.UTF_8)))
                .get(0).value().length());
        String over = "X-com.example.Blob=" + "v".repeat(TextCodec.MAX_VALUE_BYTES + 1) + "\0";
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> TextCodec.decode(Unpooled.wrappedBuffer(over.getBytes(StandardCharsets.UTF_8))));
        assertEquals("value of key X-com.example.Blob at offset 0 is 16385 bytes, at most 16384", e.getMessage());
    }

    @Test
    void hugeKeyNameIsRefusedWithAnExcerpt() {
        String pair = "K" + "k".repeat(100_000) + "=1\0";
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> TextCodec.decode(Unpooled.wrappedBuffer(pair.getBytes(StandardCharsets.UTF_8))));
        assertEquals(true, e.getMessage().startsWith("at offset 0: key name of 100001 bytes is longer than 63 characters"),
                e.getMessage());
        assertEquals(true, e.getMessage().length() < 200, e.getMessage());
    }
}
