package io.lunbridge.protocol.discovery.slp;

import java.util.Objects;

/**
 * The SLPv2 message header (RFC 2608 §8): version 2, function, 24-bit length of the whole message,
 * the O (overflow), F (fresh) and R (request multicast) flags, the next-extension offset, the XID
 * and the language tag.
 *
 * @param function the message type
 * @param length the length field as received; ignored (recomputed) when encoding
 * @param overflow O flag: the reply did not fit a datagram; the UA must retry over TCP
 * @param fresh F flag: a new registration (SrvReg only)
 * @param requestMulticast R flag: the request was multicast (or the advert is unsolicited)
 * @param nextExtensionOffset offset of the first extension, 0 for none
 * @param xid transaction id, echoed by replies; kept across retransmissions and the TCP retry
 * @param languageTag RFC 1766 language tag, e.g. {@code en}
 */
public record SlpHeader(SlpFunction function, int length, boolean overflow, boolean fresh,
        boolean requestMulticast, int nextExtensionOffset, int xid, String languageTag) {

    /** SLP version carried in byte 0. */
    public static final int VERSION = 2;
    /** Bytes of the header before the language tag. */
    public static final int FIXED_LENGTH = 14;
    static final int FLAG_OVERFLOW = 0x8000;
    static final int FLAG_FRESH = 0x4000;
    static final int FLAG_REQUEST_MULTICAST = 0x2000;

    /** Checks field ranges. */
    public SlpHeader {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(languageTag, "languageTag");
        if (xid < 0 || xid > 0xFFFF) {
            throw new IllegalArgumentException("xid: expected 0..65535, found " + xid);
        }
        if (nextExtensionOffset < 0 || nextExtensionOffset > 0xFFFFFF) {
            throw new IllegalArgumentException("next-ext-offset: expected 0..16777215, found "
                    + nextExtensionOffset);
        }
    }

    /** A header for a request or reply to be encoded: no flags but the R flag when multicast. */
    public static SlpHeader of(SlpFunction function, int xid, String languageTag, boolean multicast) {
        return new SlpHeader(function, 0, false, false, multicast, 0, xid, languageTag);
    }

    /** Flags as the 16-bit wire field. */
    public int flagBits() {
        return (overflow ? FLAG_OVERFLOW : 0) | (fresh ? FLAG_FRESH : 0)
                | (requestMulticast ? FLAG_REQUEST_MULTICAST : 0);
    }
}
