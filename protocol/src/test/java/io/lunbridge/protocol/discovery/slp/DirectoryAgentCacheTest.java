package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The DA cache applies real openslp DAAdverts: startup (01), a later boot (07), shutdown (08). */
class DirectoryAgentCacheTest {
    private static final InetAddress DA = address("198.18.4.1");

    private static DirectoryAgentAdvert advert(String file, int index) {
        return (DirectoryAgentAdvert) SlpDecoder.decode(Unpooled.wrappedBuffer(SlpCapture.get(file, index).bytes()));
    }

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void learnsRebootsAndForgetsADirectoryAgent() {
        DirectoryAgentCache cache = new DirectoryAgentCache(427);
        DirectoryAgentAdvert startup = advert("01-da-discovery.hex", 2);
        assertEquals(DirectoryAgentCache.Change.ADDED, cache.observe(startup, DA));
        assertEquals(List.of(new DirectoryAgent(new InetSocketAddress(DA, 427), OptionalLong.of(1795538085L),
                List.of("DEFAULT"))), cache.all());
        assertEquals(DirectoryAgentCache.Change.UNCHANGED, cache.observe(advert("01-da-discovery.hex", 6), DA));
        assertEquals(DirectoryAgentCache.Change.REBOOTED, cache.observe(advert("07-overflow-tcp-204urls.hex", 2), DA));
        assertEquals(OptionalLong.of(1795538122L), cache.all().get(0).bootTimestamp());
        assertEquals(List.of(), cache.serving(List.of("OTHER")));
        assertEquals(1, cache.serving(List.of("other", "default")).size(), "scopes compare case-insensitively");

        DirectoryAgentAdvert shutdown = advert("08-da-shutdown.hex", 1);
        assertEquals(0, shutdown.bootTimestamp());
        assertEquals(DirectoryAgentCache.Change.REMOVED, cache.observe(shutdown, DA));
        assertEquals(List.of(), cache.all());
        assertEquals(DirectoryAgentCache.Change.IGNORED, cache.observe(shutdown, DA), "an unknown DA going down");
    }

    @Test
    void takesTheAddressFromTheUrlElseFromTheSender() {
        DirectoryAgentAdvert a = advert("01-da-discovery.hex", 2);
        assertEquals(DA, DirectoryAgentCache.addressOf(a, address("198.18.9.9")));
        DirectoryAgentAdvert named = new DirectoryAgentAdvert(a.header(), 0, 5, "service:directory-agent://da.example",
                List.of("DEFAULT"), "", List.of(), List.of());
        assertEquals(address("198.18.9.9"), DirectoryAgentCache.addressOf(named, address("198.18.9.9")));
    }
}
