package io.lunbridge.protocol.discovery.slp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes SLPv2 messages (RFC 2608) from bytes. Pure: it reads the buffer's readable bytes without
 * moving its indexes or releasing it; the caller keeps ownership.
 *
 * <p>Rules: the version must be 2 (SLPv1 messages, which an openslp DA also multicasts, are refused
 * so the UA drops them); the function id must be defined; the length field must match the bytes
 * (except for the truncated-overflow form, see {@link #decodeDatagram}); fields must fit the length;
 * strings must be UTF-8; a reply with a non-zero error code is read only up to the error code
 * (openslp leaves stale bytes after it); a message without extensions must end where its last field
 * ends. Extensions (next-extension offset non-zero) end the body and are not interpreted. Bounds:
 * a message is at most {@link #MAX_MESSAGE_LENGTH} bytes; every string and list within it is at
 * most its 16-bit length and is checked against the bytes left before it is copied; a count of URL
 * entries is checked against the bytes those need. Every violation is an
 * {@link SlpFormatException} naming the field and its offset.
 */
public final class SlpDecoder {
    /**
     * Longest message decoded: a UDP datagram is at most 65507 bytes; a reply over TCP may be
     * longer, and 1 MiB holds thousands of URL entries. The 24-bit length field would allow 16 MiB.
     */
    public static final int MAX_MESSAGE_LENGTH = 1024 * 1024;
    /** Bytes of the smallest URL entry: reserved, lifetime, URL length, empty URL, auth count. */
    static final int MIN_URL_ENTRY = 6;

    private SlpDecoder() {
    }

    /**
     * Length of the SLP message starting at the reader index, from its header, for framing a TCP
     * stream; -1 when fewer than 5 bytes are readable.
     *
     * @throws SlpFormatException if the length exceeds {@link #MAX_MESSAGE_LENGTH}, before anything
     *     is buffered for it
     */
    public static int frameLength(ByteBuf stream) {
        if (stream.readableBytes() < 5) {
            return -1;
        }
        int length = stream.getUnsignedMedium(stream.readerIndex() + 2);
        if (length > MAX_MESSAGE_LENGTH) {
            throw new SlpFormatException("length", 2, "SLP: length at offset 2: " + length + " bytes, at most "
                    + MAX_MESSAGE_LENGTH);
        }
        return length;
    }

    /** Decodes one complete message (a TCP frame, or a datagram known not to be truncated). */
    public static SlpMessage decode(ByteBuf message) {
        int available = message.readableBytes();
        SlpReader reader = new SlpReader(message, message.readerIndex(), message.readerIndex() + available, "SLP");
        SlpHeader header = header(reader, available);
        if (header.length() != available) {
            throw reader.error("length", 2, "header says " + header.length() + " bytes, the message has "
                    + available);
        }
        return body(message, header, reader.offset());
    }

    /**
     * Decodes a UDP datagram, recognizing both overflow forms (see {@link SlpDatagram}).
     *
     * @throws SlpFormatException for a malformed datagram, including a truncated one without the
     *     O flag
     */
    public static SlpDatagram decodeDatagram(ByteBuf datagram) {
        int available = datagram.readableBytes();
        SlpReader reader = new SlpReader(datagram, datagram.readerIndex(), datagram.readerIndex() + available, "SLP");
        SlpHeader header = header(reader, available);
        if (header.length() > available) {
            if (header.overflow()) {
                return new SlpDatagram(header, Optional.empty(), true);
            }
            throw reader.error("length", 2, "header says " + header.length() + " bytes, the datagram has only "
                    + available + " and the overflow flag is not set");
        }
        if (header.length() < available) {
            throw reader.error("length", 2, "header says " + header.length() + " bytes, the datagram has "
                    + available);
        }
        return new SlpDatagram(header, Optional.of(body(datagram, header, reader.offset())), header.overflow());
    }

    private static SlpHeader header(SlpReader r, int available) {
        if (available > MAX_MESSAGE_LENGTH) {
            throw r.error("length", 2, available + " bytes, at most " + MAX_MESSAGE_LENGTH);
        }
        int version = r.u8("version");
        if (version != SlpHeader.VERSION) {
            throw r.error("version", 0, "expected 2, found " + version
                    + (version == 1 ? " (SLPv1 is not supported; drop the message)" : ""));
        }
        int functionId = r.u8("function-id");
        SlpFunction function = SlpFunction.of(functionId).orElseThrow(
                () -> r.error("function-id", 1, functionId + " is not an SLPv2 function"));
        r.message(function.rfcName());
        int length = r.u24("length");
        int flags = r.u16("flags");
        int nextExt = r.u24("next-ext-offset");
        int xid = r.u16("xid");
        int tagLengthAt = r.offset();
        String languageTag = r.string("language-tag");
        if (languageTag.isEmpty()) {
            throw r.error("language-tag", tagLengthAt, "expected a language tag, found an empty one");
        }
        int headerEnd = r.offset();
        if (length < headerEnd) {
            throw r.error("length", 2, "header says " + length + " bytes, less than the " + headerEnd
                    + "-byte header");
        }
        if (nextExt != 0 && (nextExt < headerEnd || nextExt >= length)) {
            throw r.error("next-ext-offset", 7, "expected 0 or " + headerEnd + ".." + (length - 1)
                    + ", found " + nextExt);
        }
        return new SlpHeader(function, length, (flags & SlpHeader.FLAG_OVERFLOW) != 0,
                (flags & SlpHeader.FLAG_FRESH) != 0, (flags & SlpHeader.FLAG_REQUEST_MULTICAST) != 0,
                nextExt, xid, languageTag);
    }

    private static SlpMessage body(ByteBuf buf, SlpHeader h, int headerLength) {
        int base = buf.readerIndex();
        int bodyEnd = h.nextExtensionOffset() != 0 ? h.nextExtensionOffset() : h.length();
        SlpReader r = new SlpReader(buf, base, base + bodyEnd, h.function().rfcName());
        r.bytes("header", headerLength);
        SlpMessage message;
        switch (h.function()) {
            case SRV_RQST:
                message = new ServiceRequest(h, r.list("prlist"), r.string("service-type"), r.list("scope-list"),
                        r.string("predicate"), r.string("spi"));
                break;
            case SRV_RPLY: {
                int error = r.u16("error-code");
                if (error != 0) {
                    return new ServiceReply(h, error, List.of());
                }
                int countAt = r.offset();
                int count = r.u16("url-entry-count");
                if ((long) count * MIN_URL_ENTRY > r.remaining()) {
                    throw r.error("url-entry-count", countAt, count + " entries need at least " + count * MIN_URL_ENTRY
                            + " bytes, only " + r.remaining() + " left in the message");
                }
                List<UrlEntry> urls = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    urls.add(r.urlEntry("url-entry[" + i + "]"));
                }
                message = new ServiceReply(h, error, urls);
                break;
            }
            case SRV_REG:
                message = new ServiceRegistration(h, r.urlEntry("url-entry"), r.string("service-type"),
                        r.list("scope-list"), r.string("attr-list"), r.authBlocks("attr-auths"));
                break;
            case SRV_ACK:
                message = new ServiceAck(h, r.u16("error-code"));
                break;
            case ATTR_RQST:
                message = new AttributeRequest(h, r.list("prlist"), r.string("url"), r.list("scope-list"),
                        r.list("tag-list"), r.string("spi"));
                break;
            case ATTR_RPLY: {
                int error = r.u16("error-code");
                if (error != 0) {
                    return new AttributeReply(h, error, "", List.of());
                }
                message = new AttributeReply(h, error, r.string("attr-list"), r.authBlocks("attr-auths"));
                break;
            }
            case DA_ADVERT:
                message = new DirectoryAgentAdvert(h, r.u16("error-code"), r.u32("boot-timestamp"), r.string("url"),
                        r.list("scope-list"), r.string("attr-list"), r.list("spi-list"), r.authBlocks("auths"));
                break;
            case SRV_TYPE_RQST: {
                List<String> prList = r.list("prlist");
                int naAt = r.offset();
                int naLength = r.u16("naming-authority length");
                Optional<String> na;
                if (naLength == 0xFFFF) {
                    na = Optional.empty();
                } else {
                    na = Optional.of(r.utf8("naming-authority", r.bytes("naming-authority", naLength), naAt + 2));
                }
                message = new ServiceTypeRequest(h, prList, na, r.list("scope-list"));
                break;
            }
            case SRV_TYPE_RPLY: {
                int error = r.u16("error-code");
                if (error != 0) {
                    return new ServiceTypeReply(h, error, List.of());
                }
                message = new ServiceTypeReply(h, error, r.list("service-type-list"));
                break;
            }
            case SA_ADVERT:
                message = new ServiceAgentAdvert(h, r.string("url"), r.list("scope-list"), r.string("attr-list"),
                        r.authBlocks("auths"));
                break;
            default:
                throw r.error("function-id", 1, h.function().rfcName() + " is not decoded by this user agent");
        }
        r.expectEnd();
        return message;
    }
}
