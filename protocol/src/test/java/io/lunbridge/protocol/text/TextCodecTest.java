package io.lunbridge.protocol.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextCodecTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesPairsEachTerminatedByNul() {
        ByteBuf out = TextCodec.encode(List.of(new KeyValue("HeaderDigest", "CRC32C,None"),
                new KeyValue("MaxRecvDataSegmentLength", "262144")), UnpooledByteBufAllocator.DEFAULT);
        byte[] expected = ("HeaderDigest=CRC32C,None\0MaxRecvDataSegmentLength=262144\0")
                .getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, ByteBufUtil.getBytes(out));
        out.release();
    }

    @Test
    void decodesPairsWithoutMovingTheReaderIndex() {
        ByteBuf in = bytes("InitiatorName=iqn.2026-11.io.lunbridge:host\0CHAP_C=0b3q2+7w==\0TargetAlias=disque été\0");
        List<KeyValue> pairs = TextCodec.decode(in);
        assertEquals(List.of(new KeyValue("InitiatorName", "iqn.2026-11.io.lunbridge:host"),
                new KeyValue("CHAP_C", "0b3q2+7w=="), new KeyValue("TargetAlias", "disque été")), pairs);
        assertEquals(0, in.readerIndex());
    }

    @Test
    void emptyValueAndTrailingPaddingAreAccepted() {
        assertEquals(List.of(new KeyValue("X-com.example.flag", "")),
                TextCodec.decode(bytes("X-com.example.flag=\0\0\0\0")));
        assertEquals(List.of(), TextCodec.decode(Unpooled.EMPTY_BUFFER));
    }

    @Test
    void roundTripsUtf8() {
        List<KeyValue> pairs = List.of(new KeyValue("InitiatorAlias", "hôte-ß"), new KeyValue("X#1.2.3", "v"));
        ByteBuf b = TextCodec.encode(pairs, UnpooledByteBufAllocator.DEFAULT);
        assertEquals(pairs, TextCodec.decode(b));
        b.release();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("MaxBurstLength=512", "offset 0 is not terminated by NUL: 'MaxBurstLength=512'"),
                Arguments.of("MaxBurstLength\0", "offset 0 has no '='"),
                Arguments.of("A=1\0maxBurstLength=1\0", "at offset 4: key name 'maxBurstLength' must begin with a capital letter"),
                Arguments.of("Max Burst=1\0", "contains the character ' ' at position 3"),
                Arguments.of("=1\0", "empty key name"),
                Arguments.of("A=1\0\0B=2\0", "empty text pair at offset 4"),
                Arguments.of("A=x\ty\0", "value of key A at offset 0 contains control character 0x9 at position 1"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedText(String text, String expectedMessagePart) {
        TextFormatException e = assertThrows(TextFormatException.class, () -> TextCodec.decode(bytes(text)));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void rejectsKeyLongerThan63Characters() {
        String key = "K" + "a".repeat(63);
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> TextCodec.decode(bytes(key + "=1\0")));
        assertTrue(e.getMessage().contains("longer than 63"), e.getMessage());
        TextCodec.checkKeyName("K" + "a".repeat(62));
    }

    @Test
    void rejectsInvalidUtf8NamingKeyAndOffset() {
        ByteBuf in = Unpooled.wrappedBuffer(new byte[] {'A', '=', '1', 0, 'B', '=', (byte) 0xc3, 0x28, 0});
        TextFormatException e = assertThrows(TextFormatException.class, () -> TextCodec.decode(in));
        assertEquals("value of key B at offset 4 is not valid UTF-8", e.getMessage());
    }

    @Test
    void encodeRefusesControlCharactersInValues() {
        List<KeyValue> pairs = List.of(new KeyValue("TargetAlias", "a\nb"));
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> TextCodec.encode(pairs, UnpooledByteBufAllocator.DEFAULT));
        assertTrue(e.getMessage().startsWith("value of key TargetAlias contains control character 0xa"), e.getMessage());
    }

    @Test
    void keyValueRefusesBadKeyNames() {
        assertThrows(TextFormatException.class, () -> new KeyValue("9Key", "v"));
        assertThrows(TextFormatException.class, () -> new KeyValue("Key=", "v"));
    }
}
