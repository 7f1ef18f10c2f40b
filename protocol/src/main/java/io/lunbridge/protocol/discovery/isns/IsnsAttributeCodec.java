package io.lunbridge.protocol.discovery.isns;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes sequences of iSNS attributes (tag, length, value) as they appear in message
 * payloads. Decoding checks every length against the buffer and against the tag's value kind, and
 * reports the offending attribute with its byte offset.
 */
public final class IsnsAttributeCodec {
    private IsnsAttributeCodec() {
    }

    /** Bytes an attribute takes on the wire. */
    public static int encodedLength(IsnsAttribute attribute) {
        return 8 + attribute.length();
    }

    /** Writes the attributes in order. */
    public static void encode(List<IsnsAttribute> attributes, ByteBuffer out) {
        for (IsnsAttribute a : attributes) {
            out.putInt(a.tag());
            out.putInt(a.length());
            out.put(a.value());
        }
    }

    /** The attributes as bytes. */
    public static byte[] encode(List<IsnsAttribute> attributes) {
        int size = 0;
        for (IsnsAttribute a : attributes) {
            size += encodedLength(a);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        encode(attributes, out);
        return out.array();
    }

    /**
     * Decodes attributes from {@code payload[start..]} to its end.
     *
     * @throws IsnsFormatException naming the attribute tag, field and offset on any inconsistency
     */
    public static List<IsnsAttribute> decode(byte[] payload, int start) {
        List<IsnsAttribute> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(payload);
        int pos = start;
        while (pos < payload.length) {
            if (payload.length - pos < 8) {
                throw new IsnsFormatException("attribute header", pos,
                        (payload.length - pos) + " bytes left, an attribute tag and length need 8");
            }
            int tag = in.getInt(pos);
            long length = in.getInt(pos + 4) & 0xFFFF_FFFFL;
            String name = "attribute " + IsnsTag.describe(tag) + " length";
            if (length > payload.length - pos - 8) {
                throw new IsnsFormatException(name, pos + 4, "length " + length + " runs past the end of the message ("
                        + (payload.length - pos - 8) + " bytes left)");
            }
            if (length % 4 != 0) {
                throw new IsnsFormatException(name, pos + 4, "length " + length + " is not a multiple of 4");
            }
            byte[] value = new byte[(int) length];
            System.arraycopy(payload, pos + 8, value, 0, value.length);
            checkKind(tag, value, pos);
            out.add(new IsnsAttribute(tag, value));
            pos += 8 + value.length;
        }
        return out;
    }

    private static void checkKind(int tag, byte[] value, int offset) {
        IsnsTag known = IsnsTag.of(tag);
        if (known == null || value.length == 0) {
            return;
        }
        String field = "attribute " + IsnsTag.describe(tag);
        switch (known.kind()) {
            case NONE:
                throw new IsnsFormatException(field + " length", offset + 4,
                        "length " + value.length + ", the delimiter has no value");
            case UINT32:
                expectLength(field, value.length, 4, offset);
                break;
            case UINT64:
                expectLength(field, value.length, 8, offset);
                break;
            case IP_ADDRESS:
                expectLength(field, value.length, 16, offset);
                break;
            case STRING:
                if (value[value.length - 1] != 0) {
                    throw new IsnsFormatException(field + " value", offset + 8,
                            "string of " + value.length + " bytes is not NUL-terminated");
                }
                break;
            default:
                throw new IllegalStateException("unhandled kind " + known.kind());
        }
    }

    private static void expectLength(String field, int actual, int expected, int offset) {
        if (actual != expected) {
            throw new IsnsFormatException(field + " length", offset + 4,
                    "length " + actual + ", expected " + expected);
        }
    }
}
