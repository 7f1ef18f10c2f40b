package io.lunbridge.it.slp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lunbridge.protocol.discovery.slp.ServiceReply;
import io.lunbridge.protocol.discovery.slp.SlpDecoder;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The responder's script and rewrites on the real capture files (no namespace needed). */
class AddressRewriteTest {
    private final AddressRewrite rewrite = new AddressRewrite(Map.of("198.18.4.1", "198.18.200.2",
            "198.18.4.11", "198.18.200.6"));

    private static CaptureScript.Captured message(String file, int index) {
        return CaptureScript.parse(SlpResponder.CAPTURES.resolve(file)).stream().filter(c -> c.index() == index)
                .findFirst().orElseThrow();
    }

    @Test
    void replacesWholeAddressesOnly() {
        assertEquals("service:directory-agent://198.18.200.2 198.18.200.6:3260 198.18.4.12 198.18.4.100",
                rewrite.toTest("service:directory-agent://198.18.4.1 198.18.4.11:3260 198.18.4.12 198.18.4.100"));
    }

    @Test
    void rewritesUrlsAndTheXidOfAReplyAndNothingElse() {
        CaptureScript.Captured c = message("02-srvrqst-unicast-da.hex", 6);
        AddressRewrite.Result r = rewrite.rewrite(c.bytes(), 0x1234);
        assertEquals(AddressRewrite.Mode.REENCODED, r.mode());
        ServiceReply before = (ServiceReply) SlpDecoder.decode(Unpooled.wrappedBuffer(c.bytes()));
        ServiceReply after = (ServiceReply) SlpDecoder.decode(Unpooled.wrappedBuffer(r.bytes()));
        assertEquals(0x1234, after.header().xid());
        assertEquals(before.header().languageTag(), after.header().languageTag());
        assertEquals(2, after.urls().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(before.urls().get(i).lifetime(), after.urls().get(i).lifetime());
            assertEquals(before.urls().get(i).url().replace("198.18.4.11", "198.18.200.6"), after.urls().get(i).url());
        }
    }

    @Test
    void repliesThatCannotBeReEncodedKeepTheirBytesButTheXid() {
        for (CaptureScript.Captured c : List.of(message("06-errors.hex", 4), message("07b-overflow-truncated-1004urls.hex", 5))) {
            AddressRewrite.Result r = rewrite.rewrite(c.bytes(), 0xBEEF);
            assertEquals(AddressRewrite.Mode.XID_ONLY, r.mode(), c.toString());
            byte[] expected = c.bytes().clone();
            expected[10] = (byte) 0xBE;
            expected[11] = (byte) 0xEF;
            assertArrayEquals(expected, r.bytes(), c.toString());
        }
    }

    @Test
    void scriptPairsRequestsWithTheRolesRepliesPerTransport() {
        CaptureScript script = CaptureScript.load(SlpResponder.CAPTURES, List.of("07-overflow-tcp-204urls.hex"),
                "198.18.4.1", rewrite::toTest);
        CaptureScript.Captured udpRequest = message("07-overflow-tcp-204urls.hex", 4);
        CaptureScript.Captured tcpRequest = message("07-overflow-tcp-204urls.hex", 6);
        Optional<String> udpKey = CaptureScript.key(udpRequest.bytes(), false, UnaryOperator.identity());
        Optional<String> tcpKey = CaptureScript.key(tcpRequest.bytes(), true, UnaryOperator.identity());
        assertEquals("07-overflow-tcp-204urls.hex[5]", script.repliesTo(udpKey.orElseThrow()).get(0).toString());
        assertEquals("07-overflow-tcp-204urls.hex[7]", script.repliesTo(tcpKey.orElseThrow()).get(0).toString());
    }
}
