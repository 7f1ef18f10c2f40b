package io.lunbridge.bridge.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attributes parsed from a received netlink message (or from a nested attribute): type (flags
 * masked off) to read-only payload. A repeated type keeps every occurrence in order (nested lists
 * such as NBD_ATTR_DEVICE_LIST use that); the single-value accessors take the first one.
 */
public final class NetlinkAttributes {
    private final String where;
    private final Map<Integer, List<ByteBuffer>> byType;

    private NetlinkAttributes(String where, Map<Integer, List<ByteBuffer>> byType) {
        this.where = where;
        this.byType = byType;
    }

    /**
     * Parses the attributes between {@code buf}'s position and limit.
     *
     * @param where what is being parsed, for error messages (e.g. "NBD_CMD_CONNECT reply")
     * @throws NetlinkFormatException if an attribute header is truncated or its length is wrong
     */
    public static NetlinkAttributes parse(ByteBuffer buf, String where) {
        ByteBuffer b = buf.slice().order(buf.order());
        Map<Integer, List<ByteBuffer>> map = new LinkedHashMap<>();
        while (b.remaining() >= NetlinkAttribute.HEADER) {
            int at = b.position();
            int len = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2)) & NetlinkAttribute.TYPE_MASK;
            if (len < NetlinkAttribute.HEADER || len > b.remaining()) {
                throw new NetlinkFormatException(where + ": attribute type " + type + " at byte " + at
                        + " has length " + len + " but " + b.remaining() + " bytes remain");
            }
            ByteBuffer payload = b.duplicate().position(at + NetlinkAttribute.HEADER).limit(at + len)
                    .slice().order(buf.order()).asReadOnlyBuffer().order(buf.order());
            map.computeIfAbsent(type, t -> new ArrayList<>()).add(payload);
            b.position(Math.min(b.limit(), at + NetlinkAttribute.align(len)));
        }
        if (b.hasRemaining()) {
            throw new NetlinkFormatException(where + ": " + b.remaining() + " trailing bytes after the attributes");
        }
        return new NetlinkAttributes(where, map);
    }

    /** Whether an attribute of this type is present. */
    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** Every payload of this type, in order (empty if absent). */
    public List<ByteBuffer> all(int type) {
        return Collections.unmodifiableList(byType.getOrDefault(type, List.of()));
    }

    /** The 8-bit value of attribute {@code type}, if present. */
    public Optional<Integer> u8(int type, String name) {
        return first(type).map(p -> Byte.toUnsignedInt(sized(p, 1, type, name).get(0)));
    }

    /** The 16-bit value of attribute {@code type}, if present. */
    public Optional<Integer> u16(int type, String name) {
        return first(type).map(p -> Short.toUnsignedInt(sized(p, 2, type, name).getShort(0)));
    }

    /** The 32-bit value of attribute {@code type}, if present. */
    public Optional<Long> u32(int type, String name) {
        return first(type).map(p -> Integer.toUnsignedLong(sized(p, 4, type, name).getInt(0)));
    }

    /** The 64-bit value of attribute {@code type}, if present. */
    public Optional<Long> u64(int type, String name) {
        return first(type).map(p -> sized(p, 8, type, name).getLong(0));
    }

    /** The string value (up to the first NUL) of attribute {@code type}, if present. */
    public Optional<String> string(int type) {
        return first(type).map(p -> {
            byte[] raw = new byte[p.remaining()];
            p.duplicate().get(raw);
            int n = 0;
            while (n < raw.length && raw[n] != 0) {
                n++;
            }
            return new String(raw, 0, n, StandardCharsets.UTF_8);
        });
    }

    /** Every occurrence of nested attribute {@code type}, parsed. */
    public List<NetlinkAttributes> nested(int type, String name) {
        List<NetlinkAttributes> out = new ArrayList<>();
        for (ByteBuffer p : all(type)) {
            out.add(parse(p.duplicate().order(order(p)), where + " " + name));
        }
        return out;
    }

    private static ByteOrder order(ByteBuffer b) {
        return b.order();
    }

    private Optional<ByteBuffer> first(int type) {
        List<ByteBuffer> l = byType.get(type);
        return l == null ? Optional.empty() : Optional.of(l.get(0).duplicate().order(l.get(0).order()));
    }

    private ByteBuffer sized(ByteBuffer p, int want, int type, String name) {
        if (p.remaining() != want) {
            throw new NetlinkFormatException(where + ": attribute " + name + " (type " + type + ") has "
                    + p.remaining() + " bytes, expected " + want);
        }
        return p;
    }

    @Override
    public String toString() {
        return where + " attributes " + byType.keySet();
    }
}
