package io.lunbridge.protocol.discovery.slp;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounds-checked cursor over one SLP message. Offsets in errors are relative to the message's
 * first byte; every error names the message type and the field. Does not move the buffer's
 * reader index.
 */
final class SlpReader {
    private final ByteBuf buf;
    private final int base;
    private final int limit;
    private String message;
    private int pos;

    SlpReader(ByteBuf buf, int base, int limit, String message) {
        this.buf = buf;
        this.base = base;
        this.limit = limit;
        this.message = message;
        this.pos = base;
    }

    void message(String name) {
        this.message = name;
    }

    int offset() {
        return pos - base;
    }

    int remaining() {
        return limit - pos;
    }

    SlpFormatException error(String field, int offset, String problem) {
        return new SlpFormatException(field, offset, message + ": " + field + " at offset " + offset + ": " + problem);
    }

    private void need(String field, int n) {
        if (remaining() < n) {
            throw error(field, offset(), "needs " + n + (n == 1 ? " byte" : " bytes") + ", only "
                    + remaining() + " left in the message");
        }
    }

    int u8(String field) {
        need(field, 1);
        return buf.getUnsignedByte(pos++);
    }

    int u16(String field) {
        need(field, 2);
        int v = buf.getUnsignedShort(pos);
        pos += 2;
        return v;
    }

    int u24(String field) {
        need(field, 3);
        int v = buf.getUnsignedMedium(pos);
        pos += 3;
        return v;
    }

    long u32(String field) {
        need(field, 4);
        long v = buf.getUnsignedInt(pos);
        pos += 4;
        return v;
    }

    byte[] bytes(String field, int n) {
        need(field, n);
        byte[] out = new byte[n];
        buf.getBytes(pos, out);
        pos += n;
        return out;
    }

    /** A string: 16-bit length then UTF-8 without terminator. */
    String string(String field) {
        int lengthAt = offset();
        int n = u16(field + " length");
        if (remaining() < n) {
            throw error(field, lengthAt, "length " + n + " exceeds the " + remaining()
                    + " bytes left in the message");
        }
        return utf8(field, bytes(field, n), lengthAt + 2);
    }

    String utf8(String field, byte[] bytes, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error(field, at, "not valid UTF-8");
        }
    }

    /** A comma-separated list string; the empty string is the empty list. */
    List<String> list(String field) {
        return splitList(string(field));
    }

    static List<String> splitList(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(",", -1));
    }

    /** A count byte followed by that many authentication blocks. */
    List<AuthBlock> authBlocks(String field) {
        int count = u8(field + " count"); // at most 255: its list is bounded by the field itself
        List<AuthBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = field + "[" + i + "]";
            int start = offset();
            int descriptor = u16(name + ".bsd");
            int length = u16(name + ".length");
            if (length < 10 || length - 4 > remaining()) {
                throw error(name + ".length", start + 2, "expected 10.." + (remaining() + 4) + ", found " + length);
            }
            long timestamp = u32(name + ".timestamp");
            String spi = string(name + ".spi");
            int used = offset() - start;
            if (used > length) {
                throw error(name + ".spi", start + 8, "runs past the block length " + length);
            }
            blocks.add(new AuthBlock(descriptor, timestamp, spi, bytes(name + ".authenticator", length - used)));
        }
        return blocks;
    }

    UrlEntry urlEntry(String field) {
        u8(field + ".reserved");
        int lifetime = u16(field + ".lifetime");
        String url = string(field + ".url");
        return new UrlEntry(lifetime, url, authBlocks(field + ".url-auths"));
    }

    /** Fails when bytes the length field covers were not consumed. */
    void expectEnd() {
        if (remaining() != 0) {
            throw error("end", offset(), remaining() + " bytes left after the last field");
        }
    }
}
