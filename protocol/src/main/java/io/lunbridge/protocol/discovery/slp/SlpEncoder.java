package io.lunbridge.protocol.discovery.slp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes SLPv2 messages (RFC 2608) to bytes. The length field is computed; flags, next-extension
 * offset, XID and language tag come from the header. Requests are what the user agent sends; the
 * other kinds are encoded too so that tests can play a DA or SA. Replies with an error are written
 * in full RFC layout with empty fields (not openslp's truncated form).
 */
public final class SlpEncoder {
    private static final int MAX_LENGTH = 0xFFFFFF;

    private SlpEncoder() {
    }

    /**
     * Encodes one message.
     *
     * @throws IllegalArgumentException if a string exceeds 65535 bytes or the message 16 MiB
     */
    public static byte[] encode(SlpMessage m) {
        Out body = new Out();
        if (m instanceof ServiceRequest) {
            ServiceRequest q = (ServiceRequest) m;
            body.list("prlist", q.previousResponders()).string("service-type", q.serviceType())
                    .list("scope-list", q.scopes()).string("predicate", q.predicate()).string("spi", q.spi());
        } else if (m instanceof ServiceReply) {
            ServiceReply r = (ServiceReply) m;
            body.u16(r.errorCode()).u16(r.urls().size());
            for (UrlEntry e : r.urls()) {
                body.urlEntry(e);
            }
        } else if (m instanceof ServiceRegistration) {
            ServiceRegistration r = (ServiceRegistration) m;
            body.urlEntry(r.url()).string("service-type", r.serviceType()).list("scope-list", r.scopes())
                    .string("attr-list", r.attributeList()).auths(r.attributeAuths());
        } else if (m instanceof ServiceAck) {
            body.u16(((ServiceAck) m).errorCode());
        } else if (m instanceof AttributeRequest) {
            AttributeRequest q = (AttributeRequest) m;
            body.list("prlist", q.previousResponders()).string("url", q.url()).list("scope-list", q.scopes())
                    .list("tag-list", q.tags()).string("spi", q.spi());
        } else if (m instanceof AttributeReply) {
            AttributeReply r = (AttributeReply) m;
            body.u16(r.errorCode()).string("attr-list", r.attributeList()).auths(r.auths());
        } else if (m instanceof DirectoryAgentAdvert) {
            DirectoryAgentAdvert a = (DirectoryAgentAdvert) m;
            body.u16(a.errorCode()).u32(a.bootTimestamp()).string("url", a.url()).list("scope-list", a.scopes())
                    .string("attr-list", a.attributeList()).list("spi-list", a.spis()).auths(a.auths());
        } else if (m instanceof ServiceTypeRequest) {
            ServiceTypeRequest q = (ServiceTypeRequest) m;
            body.list("prlist", q.previousResponders());
            if (q.namingAuthority().isEmpty()) {
                body.u16(0xFFFF);
            } else {
                body.string("naming-authority", q.namingAuthority().get());
            }
            body.list("scope-list", q.scopes());
        } else if (m instanceof ServiceTypeReply) {
            ServiceTypeReply r = (ServiceTypeReply) m;
            body.u16(r.errorCode()).list("service-type-list", r.serviceTypes());
        } else {
            ServiceAgentAdvert a = (ServiceAgentAdvert) m;
            body.string("url", a.url()).list("scope-list", a.scopes()).string("attr-list", a.attributeList())
                    .auths(a.auths());
        }
        SlpHeader h = m.header();
        byte[] tag = h.languageTag().getBytes(StandardCharsets.UTF_8);
        int length = SlpHeader.FIXED_LENGTH + tag.length + body.size();
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException(h.function().rfcName() + ": length " + length
                    + " exceeds the 24-bit length field");
        }
        Out out = new Out();
        out.u8(SlpHeader.VERSION).u8(h.function().id()).u24(length).u16(h.flagBits()).u24(h.nextExtensionOffset())
                .u16(h.xid()).string("language-tag", h.languageTag());
        out.bytes(body.toByteArray());
        return out.toByteArray();
    }

    /** Big-endian writer with the SLP field forms. */
    private static final class Out extends ByteArrayOutputStream {
        Out u8(int v) {
            write(v);
            return this;
        }

        Out u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Out u24(int v) {
            write(v >>> 16);
            return u16(v & 0xFFFF);
        }

        Out u32(long v) {
            u16((int) (v >>> 16) & 0xFFFF);
            return u16((int) v & 0xFFFF);
        }

        Out bytes(byte[] b) {
            write(b, 0, b.length);
            return this;
        }

        Out string(String field, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xFFFE) {
                throw new IllegalArgumentException(field + ": " + b.length + " bytes exceed the 16-bit length");
            }
            return u16(b.length).bytes(b);
        }

        Out list(String field, List<String> items) {
            return string(field, String.join(",", items));
        }

        Out auths(List<AuthBlock> blocks) {
            u8(blocks.size());
            for (AuthBlock a : blocks) {
                byte[] spi = a.spi().getBytes(StandardCharsets.UTF_8);
                byte[] sig = a.structuredAuthenticator();
                u16(a.descriptor()).u16(10 + spi.length + sig.length).u32(a.timestamp());
                u16(spi.length).bytes(spi).bytes(sig);
            }
            return this;
        }

        Out urlEntry(UrlEntry e) {
            return u8(0).u16(e.lifetime()).string("url", e.url()).auths(e.auths());
        }
    }
}
