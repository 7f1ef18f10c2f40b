package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every message of every openslp capture and compares the result with the capture's own
 * header and body annotations (written by the capture tooling and cross-checked there against
 * TShark's SLP dissector), then re-encodes it and compares bytes.
 */
class SlpCaptureGoldenTest {

    static Stream<SlpCapture> messages() {
        return SlpCapture.all().stream();
    }

    @Test
    void everyCaptureFileHasMessages() {
        for (String file : SlpCapture.FILES) {
            assertFalse(SlpCapture.load(file).isEmpty(), file);
        }
        assertEquals(24, SlpCapture.load("00-registration-sa-to-da.hex").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesToTheAnnotatedFieldsAndReencodes(SlpCapture c) {
        if (c.hdr().startsWith("v1 ")) {
            SlpFormatException e = assertThrows(SlpFormatException.class,
                    () -> SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(c.bytes())));
            assertEquals("SLP: version at offset 0: expected 2, found 1 (SLPv1 is not supported; drop the message)",
                    e.getMessage());
            return;
        }
        if (c.hdr().contains("(undefined)")) {
            SlpFormatException e = assertThrows(SlpFormatException.class,
                    () -> SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(c.bytes())));
            assertEquals("SLP: function-id at offset 1: 66 is not an SLPv2 function", e.getMessage());
            return;
        }
        if (c.hdr().contains("!!")) {
            checkLengthMismatch(c);
            return;
        }
        SlpMessage m;
        if (c.tcp()) {
            assertEquals(c.bytes().length, SlpDecoder.frameLength(Unpooled.wrappedBuffer(c.bytes())));
            m = SlpDecoder.decode(Unpooled.wrappedBuffer(c.bytes()));
        } else {
            SlpDatagram d = SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(c.bytes()));
            m = d.message().orElseThrow();
            assertEquals(m.header().overflow(), d.retryOverTcp());
        }
        assertEquals(c.hdr(), renderHeader(m.header()));
        String body = renderBody(m);
        if (c.body().contains(" rest-of-body=")) {
            // openslp's error AttrRply / SrvTypeRply: stale bytes after the error code are not read
            assertEquals(c.body().substring(0, c.body().indexOf(" rest-of-body=")), body);
        } else if (c.body().contains(" more ... ")) {
            assertEquals(c.body(), elide(body, m));
        } else {
            assertEquals(c.body(), body);
        }
        boolean staleErrorBody = c.body().contains(" rest-of-body=");
        if (!staleErrorBody) {
            assertArrayEquals(c.bytes(), SlpEncoder.encode(m), "re-encoding " + c);
        }
    }

    @Test
    void requestsTheUserAgentSendsReencodeByteIdentically() {
        int requests = 0;
        for (SlpCapture c : SlpCapture.all()) {
            boolean fromUa = c.transport().startsWith("# 198.18.4.100:");
            if (!fromUa || c.hdr().contains("!!") || c.hdr().contains("(undefined)")) {
                continue;
            }
            SlpMessage m = SlpDecoder.decode(Unpooled.wrappedBuffer(c.bytes()));
            assertTrue(m instanceof ServiceRequest || m instanceof AttributeRequest
                    || m instanceof ServiceTypeRequest, c.toString());
            assertArrayEquals(c.bytes(), SlpEncoder.encode(m), c.toString());
            requests++;
        }
        // 31 messages from the UA in the captures, less the truncated and the undefined-function one
        assertEquals(29, requests);
    }

    private static void checkLengthMismatch(SlpCapture c) {
        if (c.hdr().contains("flags=0x8000[O]")) {
            SlpDatagram d = SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(c.bytes()));
            assertTrue(d.retryOverTcp());
            assertTrue(d.message().isEmpty());
            assertEquals(c.hdr().substring(0, c.hdr().indexOf("  !!")), renderHeader(d.header()));
        } else {
            SlpFormatException e = assertThrows(SlpFormatException.class,
                    () -> SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(c.bytes())));
            assertEquals("SrvRqst: length at offset 2: header says 53 bytes, the datagram has only 40 and the "
                    + "overflow flag is not set", e.getMessage());
        }
    }

    static String renderHeader(SlpHeader h) {
        List<String> flags = new ArrayList<>();
        if (h.overflow()) {
            flags.add("O");
        }
        if (h.fresh()) {
            flags.add("F");
        }
        if (h.requestMulticast()) {
            flags.add("R");
        }
        return String.format(Locale.ROOT, "v2 fn=%d(%s) len=%d flags=0x%04x[%s] next-ext=%d xid=0x%04x(%d) lang=%s",
                h.function().id(), h.function().rfcName(), h.length(), h.flagBits(),
                flags.isEmpty() ? "-" : String.join("", flags), h.nextExtensionOffset(), h.xid(), h.xid(),
                h.languageTag());
    }

    private static String error(int code) {
        return code + "(" + SlpError.of(code).map(Enum::name).orElse("?") + ")";
    }

    private static String entry(UrlEntry e) {
        return "[lifetime=" + e.lifetime() + " " + e.url() + " auths=" + e.auths().size() + "]";
    }

    static String renderBody(SlpMessage m) {
        if (m instanceof ServiceRequest) {
            ServiceRequest q = (ServiceRequest) m;
            return String.format("prlist=\"%s\" srvtype=\"%s\" scopes=\"%s\" predicate=\"%s\" spi=\"%s\"",
                    String.join(",", q.previousResponders()), q.serviceType(), String.join(",", q.scopes()),
                    q.predicate(), q.spi());
        }
        if (m instanceof ServiceReply) {
            ServiceReply r = (ServiceReply) m;
            return "error=" + error(r.errorCode()) + " url-count=" + r.urls().size()
                    + r.urls().stream().map(e -> " " + entry(e)).collect(Collectors.joining());
        }
        if (m instanceof ServiceRegistration) {
            ServiceRegistration r = (ServiceRegistration) m;
            return String.format("url-entry=%s srvtype=\"%s\" scopes=\"%s\" attrs=\"%s\" attr-auths=%d",
                    entry(r.url()), r.serviceType(), String.join(",", r.scopes()), r.attributeList(),
                    r.attributeAuths().size());
        }
        if (m instanceof ServiceAck) {
            return "error=" + error(((ServiceAck) m).errorCode());
        }
        if (m instanceof AttributeRequest) {
            AttributeRequest q = (AttributeRequest) m;
            return String.format("prlist=\"%s\" url=\"%s\" scopes=\"%s\" tags=\"%s\" spi=\"%s\"",
                    String.join(",", q.previousResponders()), q.url(), String.join(",", q.scopes()),
                    String.join(",", q.tags()), q.spi());
        }
        if (m instanceof AttributeReply) {
            AttributeReply r = (AttributeReply) m;
            return r.errorCode() != 0 ? "error=" + error(r.errorCode())
                    : "error=" + error(r.errorCode()) + " attrs=\"" + r.attributeList() + "\" auths=" + r.auths().size();
        }
        if (m instanceof DirectoryAgentAdvert) {
            DirectoryAgentAdvert a = (DirectoryAgentAdvert) m;
            return String.format("error=%s boot-timestamp=%d url=\"%s\" scopes=\"%s\" attrs=\"%s\" spi=\"%s\" auths=%d",
                    error(a.errorCode()), a.bootTimestamp(), a.url(), String.join(",", a.scopes()), a.attributeList(),
                    String.join(",", a.spis()), a.auths().size());
        }
        if (m instanceof ServiceTypeRequest) {
            ServiceTypeRequest q = (ServiceTypeRequest) m;
            return String.format("prlist=\"%s\" naming-authority=%s scopes=\"%s\"",
                    String.join(",", q.previousResponders()),
                    q.namingAuthority().map(n -> "\"" + n + "\"").orElse("ALL(0xffff)"), String.join(",", q.scopes()));
        }
        if (m instanceof ServiceTypeReply) {
            ServiceTypeReply r = (ServiceTypeReply) m;
            return r.errorCode() != 0 ? "error=" + error(r.errorCode())
                    : "error=" + error(r.errorCode()) + " srvtypes=\"" + String.join(",", r.serviceTypes()) + "\"";
        }
        throw new AssertionError("no rendering for " + m.getClass());
    }

    /** The annotation's elided form for long URL lists: first two, count of the rest, last one. */
    private static String elide(String full, SlpMessage m) {
        List<UrlEntry> urls = ((ServiceReply) m).urls();
        return "error=" + error(((ServiceReply) m).errorCode()) + " url-count=" + urls.size() + " "
                + entry(urls.get(0)) + " " + entry(urls.get(1)) + " ... " + (urls.size() - 3) + " more ... "
                + entry(urls.get(urls.size() - 1));
    }
}
