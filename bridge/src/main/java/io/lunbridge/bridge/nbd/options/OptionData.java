package io.lunbridge.bridge.nbd.options;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader over one option's data: every field read names itself, so malformed data
 * becomes an {@link OptionFormatException} saying which field and which length did not fit.
 */
final class OptionData {
    private static final int MAX_STRING = 4096;
    private final ByteBuffer buf;

    OptionData(byte[] data) {
        this.buf = ByteBuffer.wrap(data);
    }

    int remaining() {
        return buf.remaining();
    }

    long u32(String field) throws OptionFormatException {
        need(field, 4);
        return Integer.toUnsignedLong(buf.getInt());
    }

    int u16(String field) throws OptionFormatException {
        need(field, 2);
        return Short.toUnsignedInt(buf.getShort());
    }

    /** A UTF-8 string of {@code length} bytes, without NUL, at most 4096 bytes. */
    String string(String field, long length) throws OptionFormatException {
        if (length > MAX_STRING) {
            throw new OptionFormatException(field + " length " + length + " exceeds " + MAX_STRING);
        }
        need(field, length);
        ByteBuffer slice = buf.slice();
        slice.limit((int) length);
        buf.position(buf.position() + (int) length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice);
            String s = chars.toString();
            if (s.indexOf('\0') >= 0) {
                throw new OptionFormatException(field + " contains NUL");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw new OptionFormatException(field + " is not valid UTF-8");
        }
    }

    void end(String option) throws OptionFormatException {
        if (buf.hasRemaining()) {
            throw new OptionFormatException(option + " has " + buf.remaining() + " trailing bytes");
        }
    }

    private void need(String field, long n) throws OptionFormatException {
        if (buf.remaining() < n) {
            throw new OptionFormatException(field + " needs " + n + " bytes but only " + buf.remaining()
                    + " remain in the option data");
        }
    }
}
