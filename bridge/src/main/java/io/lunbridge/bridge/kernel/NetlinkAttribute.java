package io.lunbridge.bridge.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One netlink attribute to send (struct nlattr: 16-bit length, 16-bit type, payload padded to 4
 * bytes). Integers are encoded in the byte order the codec is built for (the host's, for netlink).
 * A nested attribute carries the NLA_F_NESTED flag and the encoded children as its payload.
 */
public final class NetlinkAttribute {
    /** Flag bit of nla_type marking a nested attribute. */
    public static final int F_NESTED = 0x8000;
    /** Bits of nla_type that are flags, not the type. */
    public static final int TYPE_MASK = 0x3fff;
    /** Size of struct nlattr. */
    public static final int HEADER = 4;

    private final int type;
    private final Kind kind;
    private final long number;
    private final byte[] bytes;
    private final List<NetlinkAttribute> children;

    private enum Kind { U8, U16, U32, U64, BYTES, NESTED }

    private NetlinkAttribute(int type, Kind kind, long number, byte[] bytes, List<NetlinkAttribute> children) {
        if (type <= 0 || type > TYPE_MASK) {
            throw new IllegalArgumentException("netlink attribute type " + type + " is not in 1.." + TYPE_MASK);
        }
        this.type = type;
        this.kind = kind;
        this.number = number;
        this.bytes = bytes;
        this.children = children;
    }

    /** An 8-bit unsigned attribute. */
    public static NetlinkAttribute u8(int type, int value) {
        return new NetlinkAttribute(type, Kind.U8, checkRange(type, value, 0xffL), null, List.of());
    }

    /** A 16-bit unsigned attribute. */
    public static NetlinkAttribute u16(int type, int value) {
        return new NetlinkAttribute(type, Kind.U16, checkRange(type, value, 0xffffL), null, List.of());
    }

    /** A 32-bit unsigned attribute. */
    public static NetlinkAttribute u32(int type, long value) {
        return new NetlinkAttribute(type, Kind.U32, checkRange(type, value, 0xffff_ffffL), null, List.of());
    }

    /** A 64-bit attribute (the value is taken as unsigned). */
    public static NetlinkAttribute u64(int type, long value) {
        return new NetlinkAttribute(type, Kind.U64, value, null, List.of());
    }

    /** A NUL-terminated string attribute (NLA_NUL_STRING / NLA_STRING as the kernel expects). */
    public static NetlinkAttribute string(int type, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("netlink attribute " + type + ": string contains NUL");
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return new NetlinkAttribute(type, Kind.BYTES, 0, Arrays.copyOf(utf8, utf8.length + 1), List.of());
    }

    /** A nested attribute holding {@code children}. */
    public static NetlinkAttribute nested(int type, List<NetlinkAttribute> children) {
        return new NetlinkAttribute(type, Kind.NESTED, 0, null, List.copyOf(children));
    }

    private static long checkRange(int type, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("netlink attribute " + type + ": value " + value + " is not in 0.." + max);
        }
        return value;
    }

    public int type() {
        return type;
    }

    /** Payload length without header and padding. */
    int payloadLength() {
        switch (kind) {
            case U8: return 1;
            case U16: return 2;
            case U32: return 4;
            case U64: return 8;
            case BYTES: return bytes.length;
            default:
                int n = 0;
                for (NetlinkAttribute c : children) {
                    n += c.encodedLength();
                }
                return n;
        }
    }

    /** Header + payload + padding to 4 bytes. */
    int encodedLength() {
        return align(HEADER + payloadLength());
    }

    /** Writes header, payload and zero padding at the buffer's position (buffer in the wanted byte order). */
    void encode(ByteBuffer out) {
        int len = HEADER + payloadLength();
        if (len > 0xffff) {
            throw new IllegalArgumentException("netlink attribute " + type + " is " + len + " bytes, more than 65535");
        }
        out.putShort((short) len);
        out.putShort((short) (kind == Kind.NESTED ? type | F_NESTED : type));
        switch (kind) {
            case U8: out.put((byte) number); break;
            case U16: out.putShort((short) number); break;
            case U32: out.putInt((int) number); break;
            case U64: out.putLong(number); break;
            case BYTES: out.put(bytes); break;
            default:
                for (NetlinkAttribute c : children) {
                    c.encode(out);
                }
        }
        for (int i = len; i < align(len); i++) {
            out.put((byte) 0);
        }
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    @Override
    public String toString() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength()).order(ByteOrder.nativeOrder());
        encode(b);
        return "nlattr(type " + type + ", " + kind + ", " + b.position() + " bytes)";
    }
}
