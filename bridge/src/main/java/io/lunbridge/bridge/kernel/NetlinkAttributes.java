package io.lunbridge.bridge.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final Map<Integer, List<Entry>> byType;

    /** One attribute's payload and where its nlattr header is in the datagram. */
    private record Entry(ByteBuffer payload, int offset) {
    }

    private NetlinkAttributes(String where, Map<Integer, List<Entry>> byType) {
        this.where = where;
        this.byType = byType;
    }

    /** {@link #parse(ByteBuffer, String, int)} of attributes at the start of the datagram. */
    public static NetlinkAttributes parse(ByteBuffer buf, String where) {
        return parse(buf, where, 0);
    }

    /**
     * Parses the attributes between {@code buf}'s position and limit.
     *
     * @param where what is being parsed, for error messages (e.g. "NBD_CMD_CONNECT reply")
     * @param base the offset of {@code buf}'s position in the datagram (for the offsets of errors)
     * @throws NetlinkFormatException if an attribute header is truncated ({@code nlattr}) or its
     *     length is impossible ({@code nla_len})
     */
    public static NetlinkAttributes parse(ByteBuffer buf, String where, int base) {
        ByteBuffer b = buf.slice().order(buf.order());
        Map<Integer, List<Entry>> map = new LinkedHashMap<>();
        while (b.remaining() >= NetlinkAttribute.HEADER) {
            int at = b.position();
            int len = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2)) & NetlinkAttribute.TYPE_MASK;
            if (len < NetlinkAttribute.HEADER || len > b.remaining()) {
                throw new NetlinkFormatException(where, "nla_len", base + at, "attribute type " + type
                        + " has length " + len + (len < NetlinkAttribute.HEADER ? ", shorter than its header"
                        : " but " + b.remaining() + " bytes remain"));
            }
            ByteBuffer payload = b.duplicate().position(at + NetlinkAttribute.HEADER).limit(at + len)
                    .slice().order(buf.order()).asReadOnlyBuffer().order(buf.order());
            map.computeIfAbsent(type, t -> new ArrayList<>()).add(new Entry(payload, base + at));
            b.position(Math.min(b.limit(), at + NetlinkAttribute.align(len)));
        }
        if (b.hasRemaining()) {
            throw new NetlinkFormatException(where, "nlattr", base + b.position(),
                    b.remaining() + " trailing bytes after the attributes, shorter than an attribute header");
        }
        return new NetlinkAttributes(where, map);
    }

    /** The error for a required attribute that is absent: names it, with no offset. */
    public NetlinkFormatException missing(String name) {
        return new NetlinkFormatException(where, name, NetlinkFormatException.UNKNOWN_OFFSET, "attribute missing");
    }

    /** Whether an attribute of this type is present. */
    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** Every payload of this type, in order (empty if absent). */
    public List<ByteBuffer> all(int type) {
        return byType.getOrDefault(type, List.of()).stream().map(Entry::payload).toList();
    }

    /** The 8-bit value of attribute {@code type}, if present. */
    public Optional<Integer> u8(int type, String name) {
        return first(type).map(e -> Byte.toUnsignedInt(sized(e, 1, type, name).get(0)));
    }

    /** The 16-bit value of attribute {@code type}, if present. */
    public Optional<Integer> u16(int type, String name) {
        return first(type).map(e -> Short.toUnsignedInt(sized(e, 2, type, name).getShort(0)));
    }

    /** The 32-bit value of attribute {@code type}, if present. */
    public Optional<Long> u32(int type, String name) {
        return first(type).map(e -> Integer.toUnsignedLong(sized(e, 4, type, name).getInt(0)));
    }

    /** The 64-bit value of attribute {@code type}, if present. */
    public Optional<Long> u64(int type, String name) {
        return first(type).map(e -> sized(e, 8, type, name).getLong(0));
    }

    /** The string value (up to the first NUL) of attribute {@code type}, if present. */
    public Optional<String> string(int type) {
        return first(type).map(Entry::payload).map(p -> {
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
        for (Entry e : byType.getOrDefault(type, List.of())) {
            ByteBuffer p = e.payload();
            out.add(parse(p.duplicate().order(order(p)), where + " " + name, e.offset() + NetlinkAttribute.HEADER));
        }
        return out;
    }

    private static ByteOrder order(ByteBuffer b) {
        return b.order();
    }

    private Optional<Entry> first(int type) {
        List<Entry> l = byType.get(type);
        if (l == null) {
            return Optional.empty();
        }
        ByteBuffer p = l.get(0).payload();
        return Optional.of(new Entry(p.duplicate().order(p.order()), l.get(0).offset()));
    }

    private ByteBuffer sized(Entry e, int want, int type, String name) {
        ByteBuffer p = e.payload();
        if (p.remaining() != want) {
            throw new NetlinkFormatException(where, name, e.offset(), "attribute type " + type + " has "
                    + p.remaining() + " bytes, expected " + want);
        }
        return p;
    }

    @Override
    public String toString() {
        return where + " attributes " + byType.keySet();
    }
}
