package io.lunbridge.protocol.discovery.isns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte vectors built from the RFC 4171 layouts (§5.1 header, §5.5 TLVs, §5.6 request payloads) and bad inputs. */
class IsnsCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final IsnsNode NODE = new IsnsNode("iqn.x", "e1", "", 0);

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void scnRegRequestMatchesRfcLayout() {
        IsnsMessage m = IsnsMessages.scnReg(NODE, IsnsMessages.INITIATOR_SCN_BITMAP).toMessage(7);
        String expected = "0001 0005 0034 8c00 0007 0000"          // version, SCNReg, length 52, client|last|first, xid 7, seq 0
                + "00000020 00000008 69716e2e 78000000"            // Source: iSCSI Name "iqn.x" + NUL, padded to 8
                + "00000020 00000008 69716e2e 78000000"            // Message key: iSCSI Name
                + "00000000 00000000"                              // Delimiter
                + "00000023 00000004 0000005f";                    // iSCSI SCN Bitmap
        List<IsnsPdu> pdus = IsnsPduCodec.split(m, IsnsPduCodec.DEFAULT_MAX_PAYLOAD);
        assertEquals(1, pdus.size());
        assertEquals(expected.replace(" ", ""), HEX.formatHex(IsnsPduCodec.encode(pdus.get(0))));
        IsnsRequest back = IsnsRequest.parse(IsnsPduCodec.split(m, 8192).stream()
                .map(p -> new IsnsMessageAssembler().add(p)).findFirst().orElseThrow());
        assertEquals(IsnsMessages.scnReg(NODE, 0x5f), back);
    }

    @Test
    void devDeregCarriesEntityAsOperatingAttributeAndNoKey() {
        IsnsRequest r = IsnsMessages.devDereg(NODE);
        String expected = "00000020 00000008 69716e2e 78000000"   // Source: iSCSI Name
                + "00000000 00000000"                              // Delimiter (no message key)
                + "00000001 00000004 65310000";                    // Entity Identifier "e1"
        assertEquals(expected.replace(" ", ""), HEX.formatHex(r.payload()));
    }

    @Test
    void typedAttributesEncodeAndDecode() {
        assertEquals("69716e2e61626300", HEX.formatHex(IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, "iqn.abc").value()));
        assertEquals("69716e2e61626364" + "00000000",
                HEX.formatHex(IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, "iqn.abcd").value()), "NUL adds a word");
        assertEquals("iqn.abcd", IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, "iqn.abcd").asString());
        IsnsAttribute port = IsnsAttribute.ofPort(IsnsTag.SCN_PORT, 3205, true);
        assertEquals("00010c85", HEX.formatHex(port.value()));
        assertEquals(3205, port.asPort());
        assertTrue(port.isUdpPort());
        assertFalse(IsnsAttribute.ofPort(IsnsTag.PORTAL_PORT, 3260, false).isUdpPort());
    }

    @Test
    void ipv4AddressesAreMappedOnWriteAndMappedOrCompatibleOnRead() throws Exception {
        InetAddress v4 = InetAddress.getByName("198.18.30.2");
        IsnsAttribute mapped = IsnsAttribute.ofAddress(IsnsTag.PORTAL_IP_ADDRESS, v4);
        assertEquals("00000000000000000000ffffc6121e02", HEX.formatHex(mapped.value()));
        assertEquals(v4, mapped.asAddress());
        IsnsAttribute compatible = new IsnsAttribute(16, hex("000000000000000000000000c6121e02"));
        assertEquals(v4, compatible.asAddress(), "open-isns writes IPv4-compatible addresses");
        IsnsAttribute loopback6 = new IsnsAttribute(16, hex("00000000000000000000000000000001"));
        assertEquals(InetAddress.getByName("::1"), loopback6.asAddress());
        InetAddress v6 = InetAddress.getByName("2001:db8::5");
        assertEquals(v6, IsnsAttribute.ofAddress(IsnsTag.PORTAL_IP_ADDRESS, v6).asAddress());
    }

    @Test
    void multiPduMessageIsSplitAndReassembledFromAByteStream() {
        IsnsMessage m = IsnsMessages.queryTargets(NODE).toMessage(0x1234);
        List<IsnsPdu> pdus = IsnsPduCodec.split(m, 16);
        assertTrue(pdus.size() > 2);
        assertTrue(pdus.get(0).first());
        assertFalse(pdus.get(0).last());
        assertTrue(pdus.get(pdus.size() - 1).last());
        for (int i = 0; i < pdus.size(); i++) {
            assertEquals(i, pdus.get(i).sequenceId());
            assertEquals(0x1234, pdus.get(i).transactionId());
        }
        EmbeddedChannel ch = new EmbeddedChannel(new IsnsFrameDecoder());
        for (IsnsPdu p : pdus) {
            for (byte b : IsnsPduCodec.encode(p)) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
        assertEquals(m, ch.readInbound());
        assertNull(ch.readInbound());
        EmbeddedChannel out = new EmbeddedChannel(new IsnsMessageEncoder(16));
        out.writeOutbound(m);
        io.netty.buffer.ByteBuf written = out.readOutbound();
        byte[] bytes = new byte[written.readableBytes()];
        written.readBytes(bytes);
        written.release();
        int expectedLength = pdus.stream().mapToInt(p -> IsnsPduCodec.encode(p).length).sum();
        assertEquals(expectedLength, bytes.length);
    }

    @Test
    void badHeadersNameTheField() {
        byte[] pdu = IsnsPduCodec.encode(IsnsPduCodec.split(IsnsMessages.scnDereg(NODE).toMessage(1), 8192).get(0));
        byte[] v2 = pdu.clone();
        v2[1] = 2;
        assertField("iSNSP version", 0, () -> IsnsPduCodec.decode(v2));
        byte[] shortLen = pdu.clone();
        shortLen[5] -= 4;
        assertField("PDU length", 4, () -> IsnsPduCodec.decode(shortLen));
        byte[] fn = pdu.clone();
        fn[3] = 0x55;
        assertField("function id", 2, () -> IsnsPduCodec.decode(fn));
        byte[] auth = pdu.clone();
        auth[6] |= 0x20;
        assertField("flags", 6, () -> IsnsPduCodec.decode(auth));
        assertField("PDU header", 0, () -> IsnsPduCodec.decode(new byte[5]));
        EmbeddedChannel ch = new EmbeddedChannel(new IsnsFrameDecoder());
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(v2)));
        assertTrue(e.getCause() instanceof IsnsFormatException);
    }

    @Test
    void badAttributesNameTagFieldAndOffset() {
        assertField("attribute 32 (iSCSI Name) length", 4,
                () -> IsnsAttributeCodec.decode(hex("00000020 00000010 69716e00"), 0));
        assertField("attribute 32 (iSCSI Name) length", 4,
                () -> IsnsAttributeCodec.decode(hex("00000020 00000003 69716e00"), 0));
        assertField("attribute 32 (iSCSI Name) value", 8,
                () -> IsnsAttributeCodec.decode(hex("00000020 00000004 69716e2e"), 0));
        assertField("attribute 33 (iSCSI Node Type) length", 12,
                () -> IsnsAttributeCodec.decode(hex("00000000 00000000 00000021 00000008 0000000000000001"), 0));
        assertField("attribute 16 (Portal IP Address) length", 4,
                () -> IsnsAttributeCodec.decode(hex("00000010 00000004 c6121e02"), 0));
        assertField("attribute header", 0, () -> IsnsAttributeCodec.decode(hex("00000020"), 0));
        IsnsFormatException delimiter = assertThrows(IsnsFormatException.class,
                () -> IsnsAttributeCodec.decode(hex("00000000 00000004 00000000"), 0));
        assertTrue(delimiter.getMessage().contains("delimiter has no value"), delimiter.getMessage());
    }

    @Test
    void brokenPduSequencesAreRejected() {
        List<IsnsPdu> pdus = IsnsPduCodec.split(IsnsMessages.queryTargets(NODE).toMessage(9), 16);
        assertField("flags", 6, () -> new IsnsMessageAssembler().add(pdus.get(1)));
        IsnsMessageAssembler gap = new IsnsMessageAssembler();
        gap.add(pdus.get(0));
        assertField("sequence id", 10, () -> gap.add(pdus.get(2)));
        IsnsMessageAssembler otherXid = new IsnsMessageAssembler();
        otherXid.add(pdus.get(0));
        IsnsPdu p = pdus.get(1);
        assertField("transaction id", 8, () -> otherXid.add(
                new IsnsPdu(1, p.functionId(), p.flags(), 10, p.sequenceId(), p.payload())));
    }

    @Test
    void responsesNeedAStatusAndFailuresAreDescribed() {
        assertField("status", 12, () -> IsnsResponse.parse(new IsnsMessage(0x8002, 1, 0, new byte[0])));
        assertField("function id", 2, () -> IsnsResponse.parse(new IsnsMessage(0x0002, 1, 0, new byte[4])));
        IsnsResponse r = IsnsResponse.parse(new IsnsMessage(0x8002, 1, 0, hex("00000003")));
        assertFalse(r.successful());
        assertEquals("status 3 (Invalid Registration)", IsnsStatus.describe(r.status()));
        assertEquals("status 99 (undefined)", IsnsStatus.describe(99));
    }

    @Test
    void scnAndEsiAreAnsweredWithTheirAttributes() {
        IsnsAttribute dst = IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, "iqn.x");
        byte[] scnPayload = IsnsAttributeCodec.encode(List.of(dst, IsnsAttribute.DELIMITER,
                new IsnsAttribute(4, hex("0000000065000000")), IsnsAttribute.ofUint32(IsnsTag.ISCSI_SCN_BITMAP, 8),
                IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, "iqn.t")));
        IsnsMessage rsp = IsnsMessages.scnResponse(new IsnsMessage(0x0008, 42, IsnsPdu.FLAG_SERVER, scnPayload));
        assertEquals(0x8008, rsp.functionId());
        assertEquals(42, rsp.transactionId());
        IsnsResponse parsed = IsnsResponse.parse(rsp);
        assertTrue(parsed.successful());
        assertEquals(List.of(dst), parsed.keys());
        assertField("SCN destination attribute", 12, () -> IsnsMessages.scnResponse(
                new IsnsMessage(0x0008, 1, 0, IsnsAttributeCodec.encode(List.of(IsnsAttribute.DELIMITER)))));

        List<IsnsAttribute> esi = List.of(IsnsAttribute.ofString(IsnsTag.ENTITY_IDENTIFIER, "e1"),
                IsnsAttribute.ofAddress(IsnsTag.PORTAL_IP_ADDRESS, InetAddress.getLoopbackAddress()),
                IsnsAttribute.ofPort(IsnsTag.PORTAL_PORT, 5000, false));
        IsnsMessage esiRsp = IsnsMessages.esiResponse(new IsnsMessage(0x000D, 5, 0, IsnsAttributeCodec.encode(esi)));
        assertEquals(0x800D, esiRsp.functionId());
        assertEquals(esi, IsnsResponse.parse(esiRsp).keys());
    }

    private static void assertField(String field, int offset, org.junit.jupiter.api.function.Executable e) {
        IsnsFormatException x = assertThrows(IsnsFormatException.class, e);
        assertEquals(field, x.field(), x.getMessage());
        assertEquals(offset, x.offset(), x.getMessage());
        assertTrue(x.getMessage().contains(field), x.getMessage());
    }
}
