package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every malformed input is refused with the field and offset named. */
class SlpMalformedTest {

    /** 02 [1]: SrvRqst service:iscsi:target scope DEFAULT, 53 bytes. */
    private static final byte[] SRV_RQST = SlpCapture.get("02-srvrqst-unicast-da.hex", 1).bytes();

    private static String error(byte[] bytes) {
        return assertThrows(SlpFormatException.class, () -> SlpDecoder.decode(Unpooled.wrappedBuffer(bytes)))
                .getMessage();
    }

    private static byte[] withLength(byte[] b) {
        byte[] out = b.clone();
        out[2] = (byte) (out.length >>> 16);
        out[3] = (byte) (out.length >>> 8);
        out[4] = (byte) out.length;
        return out;
    }

    @Test
    void headerErrors() {
        assertEquals("SLP: version at offset 0: needs 1 byte, only 0 left in the message", error(new byte[0]));
        byte[] v3 = SRV_RQST.clone();
        v3[0] = 3;
        assertEquals("SLP: version at offset 0: expected 2, found 3", error(v3));
        assertEquals("SrvRqst: xid at offset 10: needs 2 bytes, only 0 left in the message",
                error(Arrays.copyOf(SRV_RQST, 10)));
        byte[] emptyTag = HexFormat.of().parseHex("0201000010000000000012340000");
        assertEquals("SrvRqst: language-tag at offset 12: expected a language tag, found an empty one",
                error(withLength(emptyTag)));
        byte[] shortLength = SRV_RQST.clone();
        shortLength[4] = 10;
        assertEquals("SrvRqst: length at offset 2: header says 10 bytes, less than the 16-byte header",
                error(shortLength));
        byte[] ext = SRV_RQST.clone();
        ext[9] = 3;
        assertEquals("SrvRqst: next-ext-offset at offset 7: expected 0 or 16..52, found 3", error(ext));
    }

    @Test
    void lengthMustMatch() {
        byte[] longer = Arrays.copyOf(SRV_RQST, SRV_RQST.length + 1);
        assertEquals("SrvRqst: length at offset 2: header says 53 bytes, the message has 54", error(longer));
        assertEquals("SrvRqst: length at offset 2: header says 53 bytes, the datagram has 54",
                assertThrows(SlpFormatException.class,
                        () -> SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(longer))).getMessage());
    }

    @Test
    void fieldErrorsNameFieldAndOffset() {
        // string length pointing past the end: service-type length at offset 18 claims 0x00ff bytes
        byte[] b = SRV_RQST.clone();
        b[18] = 0;
        b[19] = (byte) 0xff;
        assertEquals("SrvRqst: service-type at offset 18: length 255 exceeds the 33 bytes left in the message",
                error(b));
        // cut after the predicate: spi length missing
        byte[] cut = withLength(Arrays.copyOf(SRV_RQST, SRV_RQST.length - 2));
        assertEquals("SrvRqst: spi length at offset 51: needs 2 bytes, only 0 left in the message", error(cut));
        // trailing garbage inside the length
        byte[] extra = withLength(Arrays.copyOf(SRV_RQST, SRV_RQST.length + 2));
        assertEquals("SrvRqst: end at offset 53: 2 bytes left after the last field", error(extra));
        // invalid UTF-8 in the service type
        byte[] utf = SRV_RQST.clone();
        utf[20] = (byte) 0xC3;
        utf[21] = (byte) 0x28;
        assertEquals("SrvRqst: service-type at offset 20: not valid UTF-8", error(utf));
    }

    @Test
    void urlEntryAndAuthBlockErrors() {
        byte[] reply = SlpCapture.get("02-srvrqst-unicast-da.hex", 6).bytes(); // 2 URLs, 176 bytes
        assertEquals("SrvRply: url-entry[1].url-auths count at offset 175: needs 1 byte, only 0 left in the message",
                error(withLength(Arrays.copyOf(reply, reply.length - 1))));
        byte[] withAuth = reply.clone();
        withAuth[withAuth.length - 1] = 1; // claims one auth block that is not there
        assertEquals("SrvRply: url-entry[1].url-auths[0].bsd at offset 176: needs 2 bytes, only 0 left in the message",
                error(withAuth));
        byte[] badLength = withLength(concat(withAuth, HexFormat.of().parseHex("000200040000000000000000")));
        assertEquals("SrvRply: url-entry[1].url-auths[0].length at offset 178: expected 10..12, found 4",
                error(badLength));
    }

    @Test
    void authBlocksRoundTrip() {
        AuthBlock block = new AuthBlock(2, 1795538085L, "lunbridge-spi", new byte[] {1, 2, 3});
        ServiceReply reply = new ServiceReply(SlpHeader.of(SlpFunction.SRV_RPLY, 7, "en", false), 0,
                List.of(new UrlEntry(60, "service:iscsi:target://h:3260/iqn.2026-11.test.lunbridge:d1",
                        List.of(block))));
        ServiceReply back = (ServiceReply) SlpDecoder.decode(Unpooled.wrappedBuffer(SlpEncoder.encode(reply)));
        AuthBlock got = back.urls().get(0).auths().get(0);
        assertEquals(List.of(2, 1795538085L, "lunbridge-spi"), List.of(got.descriptor(), got.timestamp(), got.spi()));
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(got.structuredAuthenticator()[0],
                got.structuredAuthenticator()[1], got.structuredAuthenticator()[2]));
    }

    @Test
    void saAdvertRoundTrips() {
        ServiceAgentAdvert sa = new ServiceAgentAdvert(SlpHeader.of(SlpFunction.SA_ADVERT, 9, "en", false),
                "service:service-agent://198.18.4.11", List.of("DEFAULT", "LAB"), "(service-type=iscsi)", List.of());
        ServiceAgentAdvert back = (ServiceAgentAdvert) SlpDecoder.decode(Unpooled.wrappedBuffer(SlpEncoder.encode(sa)));
        assertEquals(List.of(sa.url(), sa.scopes(), sa.attributeList()), List.of(back.url(), back.scopes(),
                back.attributeList()));
        assertEquals(89, back.header().length());
        org.junit.jupiter.api.Assertions.assertArrayEquals(SlpEncoder.encode(sa), SlpEncoder.encode(back));
    }

    @Test
    void unsupportedFunctionIsRefused() {
        byte[] dereg = SRV_RQST.clone();
        dereg[1] = 4;
        assertEquals("SrvDeReg: function-id at offset 1: SrvDeReg is not decoded by this user agent", error(dereg));
    }

    @Test
    void frameLengthNeedsFiveBytes() {
        assertEquals(-1, SlpDecoder.frameLength(Unpooled.wrappedBuffer(new byte[] {2, 1, 0, 0})));
        assertEquals(53, SlpDecoder.frameLength(Unpooled.wrappedBuffer(SRV_RQST)));
    }

    @Test
    void encoderRejectsOversizedStrings() {
        ServiceRequest huge = new ServiceRequest(SlpHeader.of(SlpFunction.SRV_RQST, 1, "en", false), List.of(),
                "x".repeat(70000), List.of(), "", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlpEncoder.encode(huge));
        assertEquals("service-type: 70000 bytes exceed the 16-bit length", e.getMessage());
        assertEquals(Optional.empty(), SlpFunction.of(0));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
