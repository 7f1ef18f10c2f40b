package io.lunbridge.protocol.discovery.isns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.lunbridge.protocol.fuzz.SeedCorpus;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * iSNSP PDUs, message reassembly, attributes and the target list on random and mutated input
 * (seeds: every PDU isnsadm and isnsd exchanged in the captures): only {@link IsnsFormatException}
 * (wrapped in Netty's DecoderException when it comes out of the channel decoder), no hang, bounded
 * allocation; and the message bound, one byte under and over.
 */
class IsnsFuzzTest {
    private static final String[] CAPTURES = {"/isns/isnsadm-c1.hex", "/isns/isnsadm-c2.hex", "/isns/isnsadm-c3.hex",
        "/isns/isnsadm-c4.hex", "/isns/isnsadm-c5.hex", "/isns/isnsadm-c6.hex", "/isns/isnsadm-c7.hex",
        "/isns/isnsadm-c8.hex"};
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    private static Gen<byte[]> pdu() {
        return Mutations.mutated(SeedCorpus.hexLines(IsnsFuzzTest.class, CAPTURES), 4096);
    }

    private static Gen<byte[]> stream() {
        List<byte[]> pdus = SeedCorpus.hexLines(IsnsFuzzTest.class, CAPTURES);
        List<byte[]> streams = new ArrayList<>(pdus);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        pdus.forEach(all::writeBytes);
        streams.add(all.toByteArray());
        return Mutations.mutated(streams, 16_384);
    }

    @Test
    void pduDecodesOrRefuses() {
        Fuzz.forAll(pdu(), b -> {
            guard.check(b, () -> {
                IsnsPdu pdu = IsnsPduCodec.decode(b);
                IsnsMessage m = new IsnsMessageAssembler().add(pdu);
                if (m != null && m.isResponse()) {
                    IsnsTargetParser.parse(IsnsResponse.parse(m).operating());
                }
            }, IsnsFormatException.class);
        });
    }

    @Test
    void attributesDecodeOrRefuse() {
        Fuzz.forAll(pdu(), b -> {
            guard.check(b, () -> IsnsTargetParser.parse(IsnsAttributeCodec.decode(b, Math.min(b.length, 12))),
                    IsnsFormatException.class);
        });
    }

    @Test
    void frameDecoderFramesOrRefusesAnyStream() {
        Fuzz.forAll(stream(), b -> {
            guard.check(b, () -> {
                EmbeddedChannel ch = new EmbeddedChannel(new IsnsFrameDecoder());
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(b));
                } catch (DecoderException e) {
                    if (!(e.getCause() instanceof IsnsFormatException)) {
                        throw e;
                    }
                } finally {
                    ch.finishAndReleaseAll();
                }
            });
        });
    }

    private static IsnsPdu pdu(int seq, int flags, int payloadBytes) {
        return new IsnsPdu(IsnsPdu.VERSION, IsnsFunction.DEV_ATTR_QRY.responseCode(), IsnsPdu.FLAG_SERVER | flags, 7, seq,
                new byte[payloadBytes]);
    }

    @Test
    void messageAtItsBoundIsAssembledAndOneBytePastIsRefused() {
        IsnsMessageAssembler atBound = new IsnsMessageAssembler(8192);
        assertNull(atBound.add(pdu(0, IsnsPdu.FLAG_FIRST, 4096)));
        assertEquals(8192, atBound.add(pdu(1, IsnsPdu.FLAG_LAST, 4096)).payload().length);

        IsnsMessageAssembler over = new IsnsMessageAssembler(8191);
        assertNull(over.add(pdu(0, IsnsPdu.FLAG_FIRST, 4096)));
        IsnsFormatException e = assertThrows(IsnsFormatException.class, () -> over.add(pdu(1, IsnsPdu.FLAG_LAST, 4096)));
        assertTrue(e.getMessage().contains("grows past 8191 bytes (4096 + 4096 at sequence id 1)"), e.getMessage());
    }

    @Test
    void defaultBoundStopsAServerThatNeverSendsTheLastPdu() {
        IsnsMessageAssembler a = new IsnsMessageAssembler();
        int seq = 0;
        assertNull(a.add(pdu(seq++, IsnsPdu.FLAG_FIRST, 65532)));
        IsnsFormatException e = null;
        while (e == null && seq < 1000) {
            try {
                assertNull(a.add(pdu(seq++, 0, 65532)));
            } catch (IsnsFormatException refused) {
                e = refused;
            }
        }
        assertTrue(e != null, "never refused");
        // PDUs 0..15 (16 x 65532 bytes) fit in 1 MiB, sequence id 16 does not
        assertEquals(IsnsMessageAssembler.DEFAULT_MAX_MESSAGE_BYTES / 65532, seq - 1, "refused at the bound");
    }

    @Test
    void emptyNodeNameIsAFormatErrorNamingTheAttribute() {
        // found by the long fuzz run: an iSCSI Name attribute of four NUL bytes
        List<IsnsAttribute> attrs = List.of(new IsnsAttribute(IsnsTag.ISCSI_NAME.code(), new byte[4]));
        IsnsFormatException e = assertThrows(IsnsFormatException.class, () -> IsnsTargetParser.parse(attrs));
        assertTrue(e.getMessage().contains("operating attribute #0") && e.getMessage().contains("empty name"),
                e.getMessage());
    }

    @Test
    void portalPortZeroIsAFormatErrorNamingTheAttribute() {
        // found by the fuzz run: a Portal Port attribute of 0 escaped as IllegalArgumentException from IsnsPortal
        IsnsAttribute name = new IsnsAttribute(IsnsTag.ISCSI_NAME.code(), "iqn.t\0\0\0".getBytes(StandardCharsets.US_ASCII));
        IsnsAttribute ip = new IsnsAttribute(IsnsTag.PORTAL_IP_ADDRESS.code(), ipv4Mapped(198, 18, 30, 5));
        IsnsAttribute zero = new IsnsAttribute(IsnsTag.PORTAL_PORT.code(), new byte[4]);
        IsnsFormatException e = assertThrows(IsnsFormatException.class, () -> IsnsTargetParser.parse(List.of(name, ip, zero)));
        assertTrue(e.getMessage().contains("operating attribute #2") && e.getMessage().endsWith(": port 0 (a portal port is 1..65535)"), e.getMessage());

        IsnsAttribute pgName = new IsnsAttribute(IsnsTag.PG_ISCSI_NAME.code(), name.value());
        IsnsAttribute pgIp = new IsnsAttribute(IsnsTag.PG_PORTAL_IP_ADDRESS.code(), ip.value());
        IsnsAttribute pgZero = new IsnsAttribute(IsnsTag.PG_PORTAL_PORT.code(), new byte[4]);
        IsnsFormatException pg = assertThrows(IsnsFormatException.class,
                () -> IsnsTargetParser.parse(List.of(name, pgName, pgIp, pgZero)));
        assertTrue(pg.getMessage().contains("operating attribute #3") && pg.getMessage().endsWith(": port 0 (a portal port is 1..65535)"),
                pg.getMessage());
    }

    private static byte[] ipv4Mapped(int a, int b, int c, int d) {
        byte[] v = new byte[16];
        v[10] = (byte) 0xff;
        v[11] = (byte) 0xff;
        v[12] = (byte) a;
        v[13] = (byte) b;
        v[14] = (byte) c;
        v[15] = (byte) d;
        return v;
    }
}
