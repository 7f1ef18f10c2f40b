package io.lunbridge.protocol.discovery.isns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One iSNS attribute (RFC 4171 §5.5): a 4-byte tag, a 4-byte length and a value whose length is a
 * multiple of 4. The value is held exactly as on the wire (strings already NUL-terminated and
 * padded); the typed factories build such values and the typed accessors read them back.
 * An empty value is legal: it names an attribute to return in a query, or a NULL value (e.g. a
 * NULL PG Tag).
 */
public record IsnsAttribute(int tag, byte[] value) {

    /** Port attribute bit that marks a UDP port (bit 15 of the 32-bit field, RFC 4171 §6.3.2). */
    public static final int UDP_PORT_FLAG = 0x0001_0000;

    /** The delimiter between message key and operating attributes. */
    public static final IsnsAttribute DELIMITER = new IsnsAttribute(IsnsTag.DELIMITER.code(), new byte[0]);

    public IsnsAttribute {
        value = value.clone();
        if (value.length % 4 != 0) {
            throw new IllegalArgumentException("attribute " + IsnsTag.describe(tag)
                    + ": value length " + value.length + " is not a multiple of 4");
        }
    }

    /** A copy of the value bytes (records with arrays must not expose their state). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Value length in bytes (as in the attribute's length field). */
    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** Zero-length attribute: in a query's operating attributes, "return this attribute". */
    public static IsnsAttribute empty(IsnsTag tag) {
        return new IsnsAttribute(tag.code(), new byte[0]);
    }

    /** A NUL-terminated UTF-8 string padded to a multiple of 4 bytes. */
    public static IsnsAttribute ofString(IsnsTag tag, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[(utf8.length + 1 + 3) & ~3];
        System.arraycopy(utf8, 0, padded, 0, utf8.length);
        return new IsnsAttribute(tag.code(), padded);
    }

    /** A 4-byte unsigned integer. */
    public static IsnsAttribute ofUint32(IsnsTag tag, long number) {
        if (number < 0 || number > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(tag.displayName() + " " + number + " is not a 32-bit unsigned value");
        }
        return new IsnsAttribute(tag.code(), ByteBuffer.allocate(4).putInt((int) number).array());
    }

    /** A TCP (or UDP) port: port number in the low 16 bits, {@link #UDP_PORT_FLAG} for UDP. */
    public static IsnsAttribute ofPort(IsnsTag tag, int port, boolean udp) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(tag.displayName() + " " + port + " is not a port number");
        }
        return ofUint32(tag, (udp ? UDP_PORT_FLAG : 0) | port);
    }

    /** A 16-byte address; an IPv4 address is stored IPv4-mapped (::ffff:a.b.c.d). */
    public static IsnsAttribute ofAddress(IsnsTag tag, InetAddress address) {
        byte[] v = new byte[16];
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            v[10] = (byte) 0xFF;
            v[11] = (byte) 0xFF;
            System.arraycopy(raw, 0, v, 12, 4);
        } else {
            System.arraycopy(raw, 0, v, 0, 16);
        }
        return new IsnsAttribute(tag.code(), v);
    }

    /** The string up to the first NUL. */
    public String asString() {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        if (end == value.length) {
            throw new IllegalStateException("attribute " + IsnsTag.describe(tag) + " has no NUL terminator");
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    /** The 4-byte unsigned value. */
    public long asUint32() {
        requireLength(4);
        return ByteBuffer.wrap(value).getInt() & 0xFFFF_FFFFL;
    }

    /** The port number of a port attribute (low 16 bits). */
    public int asPort() {
        return (int) (asUint32() & 0xFFFF);
    }

    /** True if a port attribute names a UDP port. */
    public boolean isUdpPort() {
        return (asUint32() & UDP_PORT_FLAG) != 0;
    }

    /**
     * The address. IPv4-mapped values (::ffff:a.b.c.d, RFC 4171) come back as {@link Inet4Address},
     * and so do IPv4-compatible ones (::a.b.c.d, other than :: and ::1): open-isns 0.101 encodes
     * IPv4 portal addresses that way.
     */
    public InetAddress asAddress() {
        requireLength(16);
        try {
            if (isIpv4Compatible(value)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(value, 12, 16));
            }
            // InetAddress.getByAddress turns IPv4-mapped IPv6 addresses into Inet4Address itself.
            return InetAddress.getByAddress(value);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16-byte address rejected", e);
        }
    }

    private static boolean isIpv4Compatible(byte[] v) {
        for (int i = 0; i < 12; i++) {
            if (v[i] != 0) {
                return false;
            }
        }
        return v[12] != 0 || v[13] != 0 || v[14] != 0 || (v[15] & 0xFE) != 0;
    }

    private void requireLength(int expected) {
        if (value.length != expected) {
            throw new IllegalStateException("attribute " + IsnsTag.describe(tag) + " has length "
                    + value.length + ", expected " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsnsAttribute && ((IsnsAttribute) o).tag == tag
                && Arrays.equals(((IsnsAttribute) o).value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return IsnsTag.describe(tag) + "=" + HexFormat.of().formatHex(value);
    }
}
