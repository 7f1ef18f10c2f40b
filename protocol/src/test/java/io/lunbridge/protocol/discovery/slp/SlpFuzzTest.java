package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.fuzz.Fuzz;
import io.lunbridge.protocol.fuzz.FuzzGuard;
import io.lunbridge.protocol.fuzz.Gen;
import io.lunbridge.protocol.fuzz.Mutations;
import io.lunbridge.protocol.fuzz.SeedCorpus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * SLP messages, datagrams, attribute lists and iSCSI service URLs on random and mutated input
 * (seeds: every message of the openslp captures): only the decoders' own exceptions, no hang,
 * bounded allocation; and the decoder's bounds, one byte under and over.
 */
class SlpFuzzTest {
    private static final String[] CAPTURES = {"/slp/00-registration-sa-to-da.hex", "/slp/01-da-discovery.hex",
        "/slp/02-srvrqst-unicast-da.hex", "/slp/03-multicast-convergence-no-da.hex", "/slp/04-attrrqst.hex",
        "/slp/05-srvtyperqst.hex", "/slp/06-errors.hex", "/slp/07-overflow-tcp-204urls.hex", "/slp/08-da-shutdown.hex"};
    @AutoClose
    private final FuzzGuard guard = new FuzzGuard();

    private static Gen<byte[]> message() {
        return Mutations.mutated(SeedCorpus.hexLines(SlpFuzzTest.class, CAPTURES), 16_384);
    }

    private static Gen<String> attrList() {
        Gen<String> grammar = Gen.strings("(),=\\!<>~*;tagvlue0123456789FF ", 200);
        return Gen.oneOf(grammar, Gen.strings(200),
                Gen.of("(iscsi-name=iqn.2026-01.io.lunbridge:target-a),(portal-group=1,198.18.4.11:3260)",
                        "(auth-name=x),(auth-cred=any),(boot-list=\\FF00\\01)", "keyword,(a=1,2,3),(b=TRUE)"));
    }

    private static Gen<String> url() {
        return Gen.oneOf(Gen.strings(300), Gen.strings("service:iscsi:target//[]:/.0123456789abcdefiqn-", 120)
                .map(s -> "service:iscsi:target://" + s));
    }

    @Test
    void messageDecodesOrRefuses() {
        Fuzz.forAll(message(), b -> {
            guard.check(b, () -> SlpDecoder.decode(Unpooled.wrappedBuffer(b)), SlpFormatException.class);
            guard.check(b, () -> SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(b)), SlpFormatException.class);
            guard.check(b, () -> SlpDecoder.frameLength(Unpooled.wrappedBuffer(b)), SlpFormatException.class);
        });
    }

    @Test
    void attributeListParsesOrRefuses() {
        Fuzz.forAll(attrList(), list -> {
            byte[] shown = list.getBytes(StandardCharsets.UTF_8);
            guard.check(shown, () -> {
                IscsiTargetAttributes a = IscsiTargetAttributes.parse(list);
                a.iscsiName();
                a.portalGroup();
                a.transports();
                a.mgmtEntity();
            }, SlpFormatException.class, io.lunbridge.protocol.naming.InvalidIscsiNameException.class);
        });
    }

    @Test
    void iscsiTargetUrlParsesOrRefuses() {
        Fuzz.forAll(url(), url -> {
            guard.check(url.getBytes(StandardCharsets.UTF_8), () -> IscsiTargetUrl.parse(url),
                    IllegalArgumentException.class);
        });
    }

    /** A SrvRply: header with language tag "en", error 0, the given URL entry count and body. */
    private static ByteBuf srvRply(int count, byte[] entries) {
        int length = 14 + 2 + 2 + entries.length + 2;
        ByteBuf b = Unpooled.buffer();
        b.writeByte(2).writeByte(2).writeMedium(length).writeShort(0).writeMedium(0).writeShort(7).writeShort(2)
                .writeBytes("en".getBytes(StandardCharsets.US_ASCII));
        b.writeShort(0).writeShort(count).writeBytes(entries);
        return b;
    }

    private static byte[] emptyEntries(int n) {
        byte[] e = new byte[n * SlpDecoder.MIN_URL_ENTRY];
        return e; // reserved 0, lifetime 0, URL length 0, no auth blocks
    }

    @Test
    void urlEntryCountIsCheckedAgainstTheBytesLeftBeforeAnythingIsAllocated() {
        ServiceReply ok = (ServiceReply) SlpDecoder.decode(srvRply(3, emptyEntries(3)));
        assertEquals(3, ok.urls().size());
        SlpFormatException e = assertThrows(SlpFormatException.class, () -> SlpDecoder.decode(srvRply(4, emptyEntries(3))));
        assertEquals("SrvRply: url-entry-count at offset 18: 4 entries need at least 24 bytes, only 18 left in the "
                + "message", e.getMessage());
        SlpFormatException max = assertThrows(SlpFormatException.class,
                () -> SlpDecoder.decode(srvRply(65535, emptyEntries(0))));
        assertEquals(true, max.getMessage().contains("65535 entries need at least 393210 bytes"), max.getMessage());
    }

    @Test
    void frameLengthAtTheLimitIsAcceptedAndOneMoreIsRefused() {
        ByteBuf atLimit = Unpooled.buffer().writeByte(2).writeByte(2).writeMedium(SlpDecoder.MAX_MESSAGE_LENGTH);
        assertEquals(SlpDecoder.MAX_MESSAGE_LENGTH, SlpDecoder.frameLength(atLimit));
        ByteBuf over = Unpooled.buffer().writeByte(2).writeByte(2).writeMedium(SlpDecoder.MAX_MESSAGE_LENGTH + 1);
        SlpFormatException e = assertThrows(SlpFormatException.class, () -> SlpDecoder.frameLength(over));
        assertEquals("SLP: length at offset 2: 1048577 bytes, at most 1048576", e.getMessage());
    }

    @Test
    void messageOverTheLimitIsRefusedBeforeItsFieldsAreRead() {
        ByteBuf big = Unpooled.wrappedBuffer(new byte[SlpDecoder.MAX_MESSAGE_LENGTH + 1]);
        SlpFormatException e = assertThrows(SlpFormatException.class, () -> SlpDecoder.decode(big));
        assertEquals("SLP: length at offset 2: 1048577 bytes, at most 1048576", e.getMessage());
    }
}
