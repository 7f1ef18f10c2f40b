package io.lunbridge.bridge.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure encoder/decoder of generic netlink messages (include/uapi/linux/netlink.h, genetlink.h):
 * struct nlmsghdr (len u32, type u16, flags u16, seq u32, pid u32), struct genlmsghdr (cmd u8,
 * version u8, reserved u16), then attributes. Netlink uses the host's byte order; the codec takes
 * it as a parameter so that its tests can use fixed little-endian byte vectors.
 *
 * <p>Malformed input is a {@link NetlinkFormatException} naming the field and its offset from the
 * start of the datagram (the decoder-error convention).
 */
public final class NetlinkCodec {
    /** Size of struct nlmsghdr. */
    public static final int NLMSG_HDRLEN = 16;
    /** Size of struct genlmsghdr. */
    public static final int GENL_HDRLEN = 4;
    /** nlmsg_flags: a request. */
    public static final int NLM_F_REQUEST = 0x1;
    /** nlmsg_flags: the sender wants an acknowledgement (NLMSG_ERROR with error 0). */
    public static final int NLM_F_ACK = 0x4;

    private final ByteOrder order;

    public NetlinkCodec(ByteOrder order) {
        this.order = order;
    }

    /** A codec in this host's byte order, for talking to the running kernel. */
    public static NetlinkCodec host() {
        return new NetlinkCodec(ByteOrder.nativeOrder());
    }

    public ByteOrder order() {
        return order;
    }

    /**
     * Encodes one generic netlink request.
     *
     * @param familyId the family (nlmsg_type), e.g. 0x10 for the controller
     * @param flags nlmsg_flags, usually {@code NLM_F_REQUEST | NLM_F_ACK}
     * @param seq sequence number echoed by the replies
     * @param cmd the family's command
     * @param version the family's interface version
     * @param attributes top-level attributes
     */
    public byte[] encodeGenl(int familyId, int flags, int seq, int cmd, int version, List<NetlinkAttribute> attributes) {
        if (familyId < 0 || familyId > 0xffff) {
            throw new IllegalArgumentException("netlink family id " + familyId + " is not in 0..65535");
        }
        if (cmd < 0 || cmd > 0xff || version < 0 || version > 0xff) {
            throw new IllegalArgumentException("genl cmd " + cmd + " / version " + version + " is not in 0..255");
        }
        int len = NLMSG_HDRLEN + GENL_HDRLEN;
        for (NetlinkAttribute a : attributes) {
            len += a.encodedLength();
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(len).putShort((short) familyId).putShort((short) flags).putInt(seq).putInt(0);
        b.put((byte) cmd).put((byte) version).putShort((short) 0);
        for (NetlinkAttribute a : attributes) {
            a.encode(b);
        }
        return b.array();
    }

    /**
     * Splits one received datagram into its messages.
     *
     * @throws NetlinkFormatException if a header is truncated or a length is impossible
     */
    public List<NetlinkMessage> decode(ByteBuffer datagram) {
        ByteBuffer b = datagram.slice().order(order);
        List<NetlinkMessage> out = new ArrayList<>();
        while (b.remaining() >= NLMSG_HDRLEN) {
            int at = b.position();
            int len = b.getInt(at);
            if (len < NLMSG_HDRLEN || len > b.remaining()) {
                throw new NetlinkFormatException("netlink datagram", "nlmsg_len", at, Integer.toUnsignedString(len)
                        + (len < NLMSG_HDRLEN ? " is shorter than the " + NLMSG_HDRLEN + "-byte header"
                        : " but " + b.remaining() + " bytes remain"));
            }
            int type = Short.toUnsignedInt(b.getShort(at + 4));
            int flags = Short.toUnsignedInt(b.getShort(at + 6));
            int seq = b.getInt(at + 8);
            int pid = b.getInt(at + 12);
            ByteBuffer payload = b.duplicate().position(at + NLMSG_HDRLEN).limit(at + len).slice()
                    .asReadOnlyBuffer().order(order);
            out.add(new NetlinkMessage(type, flags, seq, pid, payload, at));
            b.position(Math.min(b.limit(), at + NetlinkAttribute.align(len)));
        }
        if (b.hasRemaining()) {
            throw new NetlinkFormatException("netlink datagram", "nlmsghdr", b.position(),
                    b.remaining() + " trailing bytes, shorter than a header");
        }
        return out;
    }

    /**
     * The error code of an NLMSG_ERROR message as a positive errno (0 for an acknowledgement).
     *
     * @throws NetlinkFormatException if the message is not NLMSG_ERROR or too short
     */
    public int errno(NetlinkMessage m) {
        if (!m.isError()) {
            throw new NetlinkFormatException("netlink message", "nlmsg_type", m.offset() + 4,
                    m.type() + " is not NLMSG_ERROR");
        }
        if (m.payload().remaining() < 4) {
            throw new NetlinkFormatException("NLMSG_ERROR", "nlmsgerr.error", m.offset() + NLMSG_HDRLEN,
                    "payload is " + m.payload().remaining() + " bytes, expected at least 4");
        }
        return -m.payload().getInt(0);
    }

    /**
     * Parses a generic netlink reply (genlmsghdr and attributes).
     *
     * @param what what is being answered, for error messages
     */
    public GenlReply genl(NetlinkMessage m, String what) {
        ByteBuffer p = m.payload().duplicate().order(order);
        if (p.remaining() < GENL_HDRLEN) {
            throw new NetlinkFormatException(what, "genlmsghdr", m.offset() + NLMSG_HDRLEN,
                    "payload of " + p.remaining() + " bytes has no genlmsghdr");
        }
        int cmd = Byte.toUnsignedInt(p.get(0));
        int version = Byte.toUnsignedInt(p.get(1));
        p.position(GENL_HDRLEN);
        return new GenlReply(m.type(), cmd, version, NetlinkAttributes.parse(p, what,
                m.offset() + NLMSG_HDRLEN + GENL_HDRLEN));
    }
}
