package io.lunbridge.protocol.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.TextCodec;
import io.lunbridge.protocol.text.TextFormatException;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendTargetsParserTest {
    private static final String FROM = "198.18.0.2:3260";

    private static List<KeyValue> text(String raw) {
        return TextCodec.decode(Unpooled.wrappedBuffer(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesTargetsWithTheirPortals() {
        List<DiscoveredTarget> t = SendTargetsParser.parse(text("TargetName=iqn.x:t1\0"
                + "TargetAddress=198.18.0.2:3260,1\0TargetAddress=[fd00::1]:3261,2\0"
                + "TargetName=iqn.x:t2\0TargetAddress=198.18.0.3,1\0TargetAddress=198.18.0.3:3260,1\0"), FROM);
        assertEquals(List.of(
                new DiscoveredTarget("iqn.x:t1", List.of(new Portal("198.18.0.2", 3260, 1), new Portal("fd00::1", 3261, 2))),
                new DiscoveredTarget("iqn.x:t2", List.of(new Portal("198.18.0.3", 3260, 1)))), t);
        assertEquals("198.18.0.2:3260,1", t.get(0).portals().get(0).toString());
        assertEquals("[fd00::1]:3261,2", t.get(0).portals().get(1).toString());
    }

    @Test
    void targetWithoutAddressIsReachedThroughTheDiscoveryPortal() {
        assertEquals(List.of(new DiscoveredTarget("iqn.x:t1", List.of(new Portal("fd00::9", 3260, -1)))),
                SendTargetsParser.parse(text("TargetName=iqn.x:t1\0"), "[fd00::9]:3260"));
        assertEquals("[fd00::9]:3260", new Portal("fd00::9", 3260, -1).toString());
    }

    @Test
    void emptyResponseMeansNoTargets() {
        assertEquals(List.of(), SendTargetsParser.parse(List.of(), FROM));
    }

    @Test
    void aTargetListedTwiceHasItsPortalsMerged() {
        List<DiscoveredTarget> t = SendTargetsParser.parse(text("TargetName=iqn.x:t1\0TargetAddress=198.18.0.2,1\0"
                + "TargetName=iqn.x:t1\0TargetAddress=198.18.0.4,2\0"), FROM);
        assertEquals(1, t.size());
        assertEquals(2, t.get(0).portals().size());
    }

    @Test
    void errorsNameThePortalAndThePair() {
        assertEquals("SendTargets response from 198.18.0.2:3260, pair 1 (TargetAddress=198.18.0.5:3260,1):"
                        + " TargetAddress before any TargetName",
                assertThrows(TextFormatException.class, () -> SendTargetsParser.parse(
                        text("TargetAddress=198.18.0.5:3260,1\0TargetName=iqn.x:t1\0"), FROM)).getMessage());
        assertEquals("SendTargets response from 198.18.0.2:3260, pair 2 (TargetAddress=fd00::1:3260,1):"
                        + " TargetAddress=fd00::1:3260,1: an IPv6 address must be written in brackets, e.g. [fd00::1]:3260",
                assertThrows(TextFormatException.class, () -> SendTargetsParser.parse(
                        text("TargetName=iqn.x:t1\0TargetAddress=fd00::1:3260,1\0"), FROM)).getMessage());
        assertEquals("SendTargets response from 198.18.0.2:3260, pair 1 (TargetAlias=x): unexpected key TargetAlias"
                        + " (a SendTargets response holds only TargetName and TargetAddress)",
                assertThrows(TextFormatException.class, () -> SendTargetsParser.parse(
                        text("TargetAlias=x\0"), FROM)).getMessage());
        assertEquals("SendTargets response from 198.18.0.2:3260, pair 1 (TargetName=): empty TargetName",
                assertThrows(TextFormatException.class, () -> SendTargetsParser.parse(
                        text("TargetName=\0"), FROM)).getMessage());
        assertEquals("target at 198.18.0.2:3260 answered SendTargets=Reject: it refused the SendTargets request",
                assertThrows(TextFormatException.class, () -> SendTargetsParser.parse(
                        text("SendTargets=Reject\0"), FROM)).getMessage());
    }

    @Test
    void portalRefusesInvalidFields() {
        assertThrows(IllegalArgumentException.class, () -> new Portal("[fd00::1]", 3260, 1));
        assertThrows(IllegalArgumentException.class, () -> new Portal("198.18.0.2", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Portal("198.18.0.2", 3260, 65536));
        assertThrows(IllegalArgumentException.class, () -> new DiscoveredTarget("iqn.x:t1", List.of()));
    }
}
