package io.lunbridge.it.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.protocol.discovery.slp.AuthCredential;
import io.lunbridge.protocol.discovery.slp.IscsiTargetAttributes;
import io.lunbridge.protocol.discovery.slp.SlpLookup;
import io.lunbridge.protocol.discovery.slp.SlpTarget;
import io.lunbridge.protocol.discovery.slp.SlpUserAgent;
import io.lunbridge.protocol.discovery.slp.SlpUserAgentConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The user agent against the replaying responder run inside this JVM on loopback addresses
 * ({@link SlpReplayResponder#embedded}; no namespace, no root): the "multicast" group is the
 * responder's unicast address, so convergence logic runs without a multicast route. Covers the end
 * of DA discovery, ICMP port unreachable from a dead DA, the pacing of AttrRqsts and the SrvRqst
 * narrowed to one target. Replies the captures lack come from 90-synthetic-replies.hex
 * ({@link SyntheticScript}).
 */
class SlpUserAgentReplayTest {
    private static final String DA = "198.18.4.1";
    private static final String SA1 = "198.18.4.11";
    private static final String SA2 = "198.18.4.12";
    private static final String PREFIX = "iqn.2026-11.test.lunbridge:";
    private static final List<String> DEFAULT = List.of("DEFAULT");
    private static final Path CAPTURES = Path.of("..", "protocol", "src", "test", "resources", "slp")
            .toAbsolutePath().normalize();
    private static final String SYNTHETIC = Path.of("src", "test", "resources", "slp", "90-synthetic-replies.hex")
            .toAbsolutePath().toString();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A responder playing {@code role} on {@code address}; the other capture addresses map to it as well. */
    private Replay responder(String role, String address, String... files) throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        SlpReplayResponder r = SlpReplayResponder.embedded(CAPTURES, List.of(files), role, address,
                Map.of(DA, address, SA1, address, SA2, address), lines::add);
        opened.add(r);
        return new Replay(r, lines);
    }

    private record Replay(SlpReplayResponder responder, List<String> lines) {
        InetSocketAddress endpoint(String address) {
            return new InetSocketAddress(address, responder.port());
        }

        List<SlpResponder.Received> received() {
            return SlpResponder.received(lines);
        }

        long count(String function) {
            return received().stream().filter(r -> r.function().equals(function)).count();
        }

        String tail() {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
    }

    private SlpUserAgent agent(SlpUserAgentConfig config) {
        SlpUserAgent ua = SlpUserAgent.start(config);
        opened.add(ua);
        return ua;
    }

    /** RFC 2608 default timers, requests for the SLP group sent to {@code group} instead. */
    private static SlpUserAgentConfig to(InetSocketAddress group) {
        return SlpUserAgentConfig.defaults().withMulticastGroup(group, group.getPort());
    }

    private static <T> T await(CompletableFuture<T> f, int seconds) throws Exception {
        return f.get(seconds, TimeUnit.SECONDS);
    }

    @Test
    void daDiscoveryEndsWhenNoFurtherDaAdvertArrivesAndTheDaIsAskedAtOnce() throws Exception {
        Replay da = responder(DA, "127.0.0.1", "01-da-discovery.hex", "04-attrrqst.hex", SYNTHETIC);
        // first multicast period 2 s: without the settle time the DA request would be retransmitted
        // (with the DA in its PRList) before convergence could end
        SlpUserAgent ua = agent(to(da.endpoint("127.0.0.1")).withMulticastRetry(Duration.ofSeconds(2))
                .withDaSettle(Duration.ofMillis(200)));

        SlpLookup found = await(ua.lookup(DEFAULT, ""), 20);

        assertEquals(4, found.targets().size(), da.tail());
        assertTrue(found.targets().stream().allMatch(t -> t.attributes().isPresent()), da.tail());
        assertEquals("DA 127.0.0.1:" + da.responder().port(), found.describe());
        List<SlpResponder.Received> got = da.received();
        assertTrue(got.get(0).multicast() && got.get(0).function().equals("SrvRqst"), da.tail());
        assertEquals(false, got.get(1).multicast(), "the DA is asked right after its DAAdvert, without a DA-discovery"
                + " retransmission: " + da.tail());
        assertEquals("SrvRqst", got.get(1).function(), da.tail());
        assertEquals(1, got.stream().filter(SlpResponder.Received::multicast).count(), da.tail());
    }

    @Test
    void deadDirectoryAgentReportedByIcmpGivesWayToTheServiceAgentAtOnce() throws Exception {
        InetSocketAddress dead;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            dead = (InetSocketAddress) s.getLocalSocketAddress();
        }
        Replay sa = responder(SA1, "127.0.0.11", "03-multicast-convergence-no-da.hex");
        // CONFIG_RETRY_MAX 15 s: the lookup can end within 10 s only if the ICMP port unreachable ends
        // the DA's attempt
        SlpUserAgent ua = agent(to(sa.endpoint("127.0.0.11")).withDirectoryAgents(List.of(dead))
                .withTimers(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(60))
                .withFetchAttributes(false));

        SlpLookup found = await(ua.lookup(DEFAULT, ""), 10);

        assertEquals(List.of(PREFIX + "disk1", PREFIX + "disk2"), found.targets().stream()
                .map(t -> t.url().name().value()).sorted().collect(Collectors.toList()), sa.tail());
        assertEquals(SlpLookup.Via.MULTICAST, found.via());
        assertEquals("multicast, SA 127.0.0.11:" + sa.responder().port() + "; DA 127.0.0.1:" + dead.getPort()
                + " unreachable", found.describe(), "the heading names the SA that answered, not the dead DA");
    }

    @Test
    void attributeRequestsArePacedByTheWindow() throws Exception {
        Replay da = responder(DA, "127.0.0.1", "07-overflow-tcp-204urls.hex", SYNTHETIC);
        da.responder().hold("AttrRqst");
        SlpUserAgent ua = agent(to(da.endpoint("127.0.0.1")).withDirectoryAgents(List.of(da.endpoint("127.0.0.1")))
                .withTimers(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(60))
                .withAttributeWindow(4));

        CompletableFuture<List<SlpTarget>> result = ua.findTargets(DEFAULT, "");
        Await.until("4 AttrRqsts held", Duration.ofSeconds(10), () -> da.responder().held() == 4, da::tail);
        da.responder().releaseOne();
        Await.until("a fifth AttrRqst after one reply", Duration.ofSeconds(10), () -> da.count("AttrRqst") == 5,
                da::tail);
        da.responder().releaseAll();
        List<SlpTarget> targets = await(result, 20);

        assertEquals(4, da.responder().mostHeld(), "never more than the window outstanding: " + da.tail());
        assertEquals(204, targets.size());
        assertEquals(204, da.count("AttrRqst"), "one AttrRqst per URL, none lost: " + da.tail());
        assertTrue(targets.stream().allMatch(t -> t.attributes().isPresent()), "every target got its attributes");
        SlpTarget bulk = targets.stream().filter(t -> t.url().name().value().endsWith(":bulk007")).findFirst().orElseThrow();
        assertEquals(PREFIX + "bulk007", bulk.attributes().orElseThrow().iscsiName().orElseThrow().value());
    }

    @Test
    void oneWantedTargetIsAskedForAloneWithAnIscsiNamePredicate() throws Exception {
        Replay da = responder(DA, "127.0.0.1", "04-attrrqst.hex", SYNTHETIC);
        SlpUserAgent ua = agent(to(da.endpoint("127.0.0.1")).withDirectoryAgents(List.of(da.endpoint("127.0.0.1"))));

        SlpLookup found = await(ua.lookupTarget(DEFAULT, PREFIX + "disk2"), 20);

        assertEquals(1, found.targets().size(), da.tail());
        IscsiTargetAttributes a = found.targets().get(0).attributes().orElseThrow();
        assertEquals(PREFIX + "disk2", a.iscsiName().orElseThrow().value());
        assertEquals(List.of(AuthCredential.parse("chap/lunbridge"), AuthCredential.parse("chap/backup")),
                a.authCredentials());
        assertTrue(da.lines().stream().anyMatch(l -> l.startsWith("REPLY UDP") && l.contains(
                "capture=90-synthetic-replies.hex[2]")), "the DA answered the (iscsi-name=...) SrvRqst: " + da.tail());
        assertEquals(1, da.count("AttrRqst"), "attributes of that target only: " + da.tail());
    }
}
