package io.lunbridge.protocol.text;

import io.lunbridge.protocol.input.Excerpt;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes iSCSI text data segments (RFC 7143 §6.1): UTF-8 {@code key=value} pairs, each
 * terminated by a NUL byte. Pure functions; the negotiation engine interprets the values.
 *
 * <p>Checked on decode: every pair ends with NUL, contains {@code =}, its key name follows §6.1
 * (starts with a capital letter, at most 63 characters of letters, digits and {@code . - + @ _},
 * or an {@code X#} IANA-registered name), and the value is valid UTF-8 without control characters.
 * A value is at most {@link #MAX_VALUE_BYTES}; messages quote at most a short excerpt of a key.
 * NUL bytes after the last pair are tolerated (some targets pad the segment with zeros); an empty
 * pair between two pairs is an error.
 */
public final class TextCodec {
    /** Longest key name allowed by RFC 7143 §6.1. */
    public static final int MAX_KEY_LENGTH = 63;
    /**
     * Longest value decoded, in bytes: RFC 7143 §6.1 allows 255 bytes for a text value and binary
     * values of a few KiB (a 1024-byte CHAP challenge is 2050 characters of hex); 16 KiB leaves room
     * for a value that spans two login PDUs; anything longer is refused before it is decoded.
     */
    public static final int MAX_VALUE_BYTES = 16 * 1024;

    private TextCodec() {
    }

    /**
     * Decodes the readable bytes of {@code data} without moving its reader index.
     *
     * @throws TextFormatException naming the byte offset (relative to the reader index) and key
     */
    public static List<KeyValue> decode(ByteBuf data) {
        int start = data.readerIndex();
        int end = data.writerIndex();
        List<KeyValue> pairs = new ArrayList<>();
        int pos = start;
        while (pos < end) {
            int nul = data.indexOf(pos, end, (byte) 0);
            if (nul < 0) {
                throw new TextFormatException("text pair at offset " + (pos - start)
                        + " is not terminated by NUL: '" + preview(data, pos, end) + "'");
            }
            if (nul == pos) {
                if (allZero(data, pos, end)) {
                    break;
                }
                throw new TextFormatException("empty text pair at offset " + (pos - start));
            }
            pairs.add(decodePair(data, pos, nul, start));
            pos = nul + 1;
        }
        return pairs;
    }

    /**
     * Encodes {@code pairs} into a new buffer from {@code allocator}, each as {@code key=value\0}.
     * The caller owns the returned buffer.
     *
     * @throws TextFormatException if a value contains a NUL or control character
     */
    public static ByteBuf encode(List<KeyValue> pairs, ByteBufAllocator allocator) {
        byte[][] encoded = new byte[pairs.size()][];
        int total = 0;
        for (int i = 0; i < pairs.size(); i++) {
            KeyValue kv = pairs.get(i);
            checkValueChars(kv.key(), kv.value(), -1);
            encoded[i] = (kv.key() + "=" + kv.value()).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1;
        }
        ByteBuf out = allocator.buffer(total, total);
        for (byte[] pair : encoded) {
            out.writeBytes(pair).writeByte(0);
        }
        return out;
    }

    /**
     * Checks a key name against RFC 7143 §6.1.
     *
     * @throws TextFormatException naming the key and the rule it breaks
     */
    public static void checkKeyName(String key) {
        if (key.isEmpty()) {
            throw new TextFormatException("empty key name");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new TextFormatException("key name '" + Excerpt.of(key) + "' is longer than " + MAX_KEY_LENGTH
                    + " characters (" + key.length() + ")");
        }
        char first = key.charAt(0);
        if (first < 'A' || first > 'Z') {
            throw new TextFormatException("key name '" + key + "' must begin with a capital letter");
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '+' || c == '@' || c == '_'
                    || (c == '#' && i == 1 && first == 'X');
            if (!ok) {
                throw new TextFormatException("key name '" + key + "' contains the character '" + c
                        + "' at position " + i + " (allowed: letters, digits, . - + @ _)");
            }
        }
    }

    private static KeyValue decodePair(ByteBuf data, int from, int nul, int start) {
        int eq = data.indexOf(from, nul, (byte) '=');
        if (eq < 0) {
            throw new TextFormatException("text pair at offset " + (from - start) + " has no '=': '"
                    + preview(data, from, nul) + "'");
        }
        if (eq - from > 4 * MAX_KEY_LENGTH) {
            throw new TextFormatException("at offset " + (from - start) + ": key name of " + (eq - from)
                    + " bytes is longer than " + MAX_KEY_LENGTH + " characters: '" + preview(data, from, eq) + "'");
        }
        String key = utf8(data, from, eq, "key name at offset " + (from - start));
        try {
            checkKeyName(key);
        } catch (TextFormatException e) {
            throw new TextFormatException("at offset " + (from - start) + ": " + e.getMessage());
        }
        if (nul - eq - 1 > MAX_VALUE_BYTES) {
            throw new TextFormatException("value of key " + key + " at offset " + (from - start) + " is "
                    + (nul - eq - 1) + " bytes, at most " + MAX_VALUE_BYTES);
        }
        String value = utf8(data, eq + 1, nul, "value of key " + key + " at offset " + (from - start));
        checkValueChars(key, value, from - start);
        return new KeyValue(key, value);
    }

    private static void checkValueChars(String key, String value, int offset) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new TextFormatException("value of key " + key
                        + (offset >= 0 ? " at offset " + offset : "")
                        + " contains control character 0x" + Integer.toHexString(c)
                        + " at position " + i);
            }
        }
    }

    private static String utf8(ByteBuf data, int from, int to, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] bytes = new byte[to - from];
        data.getBytes(from, bytes);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TextFormatException(what + " is not valid UTF-8");
        }
    }

    private static boolean allZero(ByteBuf data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data.getByte(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static String preview(ByteBuf data, int from, int to) {
        int n = Math.min(to - from, 40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = data.getByte(from + i) & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return n < to - from ? sb + "..." : sb.toString();
    }
}
