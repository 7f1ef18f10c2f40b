package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Predicates for one target, and how a lookup names its sources. */
class SlpPredicateTest {

    @Test
    void iqnNeedsNoEscapingAndReservedCharactersAreEscaped() {
        assertEquals("(iscsi-name=iqn.2026-11.test.lunbridge:disk2)",
                SlpPredicate.equalTo("iscsi-name", "iqn.2026-11.test.lunbridge:disk2"));
        assertEquals("(iscsi-name=a\\28b\\29\\2A\\5C\\3D\\2C\\21\\3C\\3E\\7E\\0A)",
                SlpPredicate.equalTo("iscsi-name", "a(b)*\\=,!<>~\n"));
    }

    @Test
    void badTagIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlpPredicate.equalTo("iscsi name", "x"));
        assertEquals("SLP predicate tag: expected an attribute name, found 'iscsi name'", e.getMessage());
    }

    @Test
    void lookupNamesTheDaOrTheServiceAgentsAndWhatFailed() {
        InetSocketAddress da = new InetSocketAddress("198.18.4.1", 427);
        InetSocketAddress sa1 = new InetSocketAddress("198.18.4.11", 427);
        InetSocketAddress sa2 = new InetSocketAddress("198.18.4.12", 427);
        assertEquals("DA 198.18.4.1:427", new SlpLookup(List.of(), SlpLookup.Via.DIRECTORY_AGENT, List.of(da), List.of())
                .describe());
        assertEquals("multicast, SAs 198.18.4.11:427, 198.18.4.12:427; DA 198.18.4.1:427 unreachable",
                new SlpLookup(List.of(), SlpLookup.Via.MULTICAST, List.of(sa1, sa2),
                        List.of("DA 198.18.4.1:427 unreachable")).describe());
        assertEquals("multicast, SA 198.18.4.11:427", new SlpLookup(List.of(), SlpLookup.Via.MULTICAST, List.of(sa1),
                List.of()).describe());
        assertEquals("multicast, no SA answered", new SlpLookup(List.of(), SlpLookup.Via.MULTICAST, List.of(), List.of())
                .describe());
    }
}
