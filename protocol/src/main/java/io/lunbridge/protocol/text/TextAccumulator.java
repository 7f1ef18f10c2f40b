package io.lunbridge.protocol.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Both sides of text that spans several PDUs with the C (continue) bit (RFC 7143 §11.10.2, §11.12.2):
 * {@link #accept} reassembles incoming segments (a pair may be cut anywhere, even inside a UTF-8
 * sequence) and decodes the text once the last segment arrives; {@link #split} cuts outgoing text
 * into segments no longer than the peer's MaxRecvDataSegmentLength.
 *
 * <p>One instance serves one text exchange (a login stage or a Text Request/Response sequence) on
 * one connection and is not thread safe. Incoming bytes are copied: text is control traffic, never
 * on the I/O path, and the copy lets the caller release each PDU at once. The total is bounded so
 * a misbehaving target cannot make us buffer without limit.
 */
public final class TextAccumulator {
    /** Default bound of one reassembled text: generous for SendTargets with many targets. */
    public static final int DEFAULT_MAX_TEXT_BYTES = 4 * 1024 * 1024;

    private final int maxTextBytes;
    private byte[] buffer = new byte[0];
    private int length;
    private int segments;

    /** An accumulator bounded by {@link #DEFAULT_MAX_TEXT_BYTES}. */
    public TextAccumulator() {
        this(DEFAULT_MAX_TEXT_BYTES);
    }

    /** An accumulator that refuses text longer than {@code maxTextBytes} in total. */
    public TextAccumulator(int maxTextBytes) {
        if (maxTextBytes < 1) {
            throw new IllegalArgumentException("maxTextBytes must be positive, got " + maxTextBytes);
        }
        this.maxTextBytes = maxTextBytes;
    }

    /**
     * Adds one PDU's data segment. Reads the readable bytes without moving the reader index; the
     * caller keeps ownership of {@code segment}.
     *
     * @param continueFlag the PDU's C bit: more text follows in the next PDU
     * @return the decoded pairs of the whole text when {@code continueFlag} is false, else empty
     * @throws TextFormatException if the text exceeds the bound or is malformed once complete
     */
    public Optional<List<KeyValue>> accept(ByteBuf segment, boolean continueFlag) {
        int n = segment.readableBytes();
        if ((long) length + n > maxTextBytes) {
            int had = length;
            int pdus = segments + 1;
            reset();
            throw new TextFormatException("text continued over " + pdus
                    + " PDUs exceeds the limit of " + maxTextBytes + " bytes (" + had + " + " + n + ")");
        }
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + n, Math.min(maxTextBytes, buffer.length * 2)));
        }
        segment.getBytes(segment.readerIndex(), buffer, length, n);
        length += n;
        segments++;
        if (continueFlag) {
            return Optional.empty();
        }
        try {
            return Optional.of(TextCodec.decode(Unpooled.wrappedBuffer(buffer, 0, length)));
        } finally {
            reset();
        }
    }

    /** True while segments with the C bit have been accepted and the final one has not. */
    public boolean inProgress() {
        return segments > 0;
    }

    private void reset() {
        buffer = new byte[0];
        length = 0;
        segments = 0;
    }

    /**
     * Cuts the readable bytes of {@code text} into segments of at most {@code maxSegmentLength}
     * bytes, for PDUs of which all but the last carry the C bit. Cuts fall anywhere, as the RFC
     * allows. Each returned buffer is a retained slice (no copy) owned by the caller (normally handed
     * to a PDU, whose encoder releases it); {@code text} keeps its indices and its own reference.
     * Empty text yields one empty segment.
     */
    public static List<ByteBuf> split(ByteBuf text, int maxSegmentLength) {
        if (maxSegmentLength < 1) {
            throw new IllegalArgumentException("maxSegmentLength must be positive, got " + maxSegmentLength);
        }
        List<ByteBuf> out = new ArrayList<>();
        int pos = text.readerIndex();
        int end = text.writerIndex();
        do {
            int n = Math.min(maxSegmentLength, end - pos);
            out.add(text.retainedSlice(pos, n));
            pos += n;
        } while (pos < end);
        return out;
    }
}
