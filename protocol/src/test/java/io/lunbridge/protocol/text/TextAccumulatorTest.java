package io.lunbridge.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextAccumulatorTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reassemblesThreePdusWithAPairSplitMidValue() {
        TextAccumulator acc = new TextAccumulator();
        // "TargetName=iqn.2026-11.io.lunbridge:t1" is cut inside its value, then again inside a key.
        assertEquals(Optional.empty(), acc.accept(bytes("TargetName=iqn.2026-1"), true));
        assertTrue(acc.inProgress());
        assertEquals(Optional.empty(), acc.accept(bytes("1.io.lunbridge:t1\0TargetAdd"), true));
        Optional<List<KeyValue>> done = acc.accept(bytes("ress=198.18.0.2:3260,1\0"), false);
        assertEquals(Optional.of(List.of(new KeyValue("TargetName", "iqn.2026-11.io.lunbridge:t1"),
                new KeyValue("TargetAddress", "198.18.0.2:3260,1"))), done);
        assertFalse(acc.inProgress());
    }

    @Test
    void reassemblesAUtf8SequenceCutInTwo() {
        byte[] all = "TargetAlias=é\0".getBytes(StandardCharsets.UTF_8);
        int cut = all.length - 2; // between the two bytes of 'é'
        TextAccumulator acc = new TextAccumulator();
        acc.accept(Unpooled.wrappedBuffer(all, 0, cut), true);
        assertEquals(List.of(new KeyValue("TargetAlias", "é")),
                acc.accept(Unpooled.wrappedBuffer(all, cut, all.length - cut), false).orElseThrow());
    }

    @Test
    void finalSegmentEndingMidPairIsAnError() {
        TextAccumulator acc = new TextAccumulator();
        acc.accept(bytes("A=1\0B="), true);
        TextFormatException e = assertThrows(TextFormatException.class, () -> acc.accept(bytes("2"), false));
        assertTrue(e.getMessage().contains("offset 4 is not terminated by NUL"), e.getMessage());
        assertFalse(acc.inProgress());
    }

    @Test
    void refusesTextBeyondItsBound() {
        TextAccumulator acc = new TextAccumulator(10);
        acc.accept(bytes("A=12345"), true);
        TextFormatException e = assertThrows(TextFormatException.class, () -> acc.accept(bytes("6789\0"), true));
        assertEquals("text continued over 2 PDUs exceeds the limit of 10 bytes (7 + 5)", e.getMessage());
    }

    @Test
    void splitsIntoSegmentsNoLargerThanTheLimitAndReassembles() {
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pairs.add(new KeyValue("X-com.example.k" + i, "value-" + i));
        }
        ByteBuf text = TextCodec.encode(pairs, UnpooledByteBufAllocator.DEFAULT);
        int total = text.readableBytes();
        List<ByteBuf> parts = TextAccumulator.split(text, 100);
        assertEquals((total + 99) / 100, parts.size());
        TextAccumulator acc = new TextAccumulator();
        Optional<List<KeyValue>> result = Optional.empty();
        for (int i = 0; i < parts.size(); i++) {
            assertTrue(parts.get(i).readableBytes() <= 100);
            result = acc.accept(parts.get(i), i < parts.size() - 1);
            parts.get(i).release();
        }
        assertEquals(pairs, result.orElseThrow());
        assertEquals(0, text.readerIndex());
        assertEquals(1, text.refCnt());
        text.release();
    }

    @Test
    void splitSharesMemoryInsteadOfCopying() {
        ByteBuf text = bytes("A=1\0B=2\0");
        List<ByteBuf> parts = TextAccumulator.split(text, 5);
        assertEquals(2, parts.size());
        text.setByte(0, 'C');
        assertEquals("C=1\0B", new String(ByteBufUtil.getBytes(parts.get(0)), StandardCharsets.US_ASCII));
        assertEquals(3, text.refCnt());
        parts.forEach(ByteBuf::release);
        assertEquals(1, text.refCnt());
    }

    @Test
    void emptyTextIsOneEmptySegment() {
        List<ByteBuf> parts = TextAccumulator.split(Unpooled.EMPTY_BUFFER, 8192);
        assertEquals(1, parts.size());
        assertEquals(0, parts.get(0).readableBytes());
        assertThrows(IllegalArgumentException.class, () -> TextAccumulator.split(bytes("A=1\0"), 0));
    }
}
