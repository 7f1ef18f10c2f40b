package io.lunbridge.protocol.scsi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/** Big-endian field access and small conversions shared by the CDB builders and parsers. */
final class ScsiBytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ScsiBytes() {
    }

    /** Copies the readable bytes of {@code buf} without moving its reader index. */
    static byte[] readable(ByteBuf buf) {
        if (buf == null) {
            throw new IllegalArgumentException("buffer must not be null");
        }
        return ByteBufUtil.getBytes(buf, buf.readerIndex(), buf.readableBytes());
    }

    static byte[] notNull(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + ": data must not be null");
        }
        return bytes;
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return (long) u16(b, off) << 16 | u16(b, off + 2);
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) << 32 | u32(b, off + 4);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }

    static void put64(byte[] b, int off, long v) {
        put32(b, off, v >>> 32);
        put32(b, off + 4, v);
    }

    /** Lower-case hex of {@code len} bytes from {@code off}. */
    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = off; i < off + len; i++) {
            sb.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
        }
        return sb.toString();
    }

    static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }

    /**
     * Text of an ASCII (or UTF-8) identification field: cut at the first NUL, trailing spaces
     * removed; control characters become '?'.
     */
    static String text(byte[] b, int off, int len, boolean utf8) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        String s = new String(b, off, end - off, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\ufffd' ? '?' : c);
        }
        int last = sb.length();
        while (last > 0 && sb.charAt(last - 1) == ' ') {
            last--;
        }
        return sb.substring(0, last);
    }

    static String hex2(int v) {
        return String.format("0x%02x", v);
    }
}
