package io.lunbridge.it.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.protocol.discovery.slp.AuthCredential;
import io.lunbridge.protocol.discovery.slp.DirectoryAgent;
import io.lunbridge.protocol.discovery.slp.IscsiTargetAttributes;
import io.lunbridge.protocol.discovery.slp.SlpLookup;
import io.lunbridge.protocol.discovery.slp.SlpTarget;
import io.lunbridge.protocol.discovery.slp.SlpUserAgent;
import io.lunbridge.protocol.discovery.slp.SlpUserAgentConfig;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.lu.LunDirectory;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.session.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SLP user agent against replayed openslp DAs and SAs ({@link SlpReplayResponder}) in network
 * namespaces: the UA runs in the root namespace and talks over the veth (multicast included).
 * Timers are scaled down (CONFIG_RETRY 150 ms) so that the RFC schedules run in well under a second.
 */
class SlpUserAgentIT {
    private static final String DA = "198.18.4.1";
    private static final String SA1 = "198.18.4.11";
    private static final String SA2 = "198.18.4.12";
    private static final String PREFIX = "iqn.2026-11.test.lunbridge:";
    private static final List<String> DEFAULT = List.of("DEFAULT");

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    private SlpUserAgent agent(SlpUserAgentConfig config) {
        return hosts.register("SLP user agent", SlpUserAgent.start(config));
    }

    private static SlpUserAgentConfig fast(NetworkNamespace... namespaces) throws Exception {
        List<InetAddress> interfaces = new java.util.ArrayList<>();
        for (NetworkNamespace ns : namespaces) {
            interfaces.add(InetAddress.getByName(ns.hostAddress()));
        }
        return SlpUserAgentConfig.defaults().withMulticastInterfaces(interfaces).withTimers(Duration.ofMillis(150),
                Duration.ofMillis(1200), Duration.ofMillis(1500), Duration.ofSeconds(20))
                .withMulticastRetry(Duration.ofMillis(150));
    }

    private static InetSocketAddress slp(String address) {
        return new InetSocketAddress(address, 427);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static Set<String> names(List<SlpTarget> targets) {
        return targets.stream().map(t -> t.url().name().value()).collect(Collectors.toSet());
    }

    @Test
    void findsTheDirectoryAgentByMulticastThenAsksItByUnicast() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder da = SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "01-da-discovery.hex", "04-attrrqst.hex")
                .map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        // no settle time: DA discovery converges as RFC 2608 §6.3 describes (SlpQuickDiscoveryIT shows
        // the default, ending 250 ms after the DAAdvert without a retransmission)
        SlpUserAgent ua = agent(fast(ns).withDaSettle(Duration.ZERO));

        List<SlpTarget> targets = await(ua.findTargets(DEFAULT, ""));

        assertEquals(Set.of(PREFIX + "disk1", PREFIX + "disk2", PREFIX + "disk3", PREFIX + "disk4"), names(targets));
        for (SlpTarget t : targets) {
            assertEquals(ns.peerAddress(), t.url().host(), "URL address rewritten to the namespace: " + t);
            assertEquals(3260, t.url().port());
            assertEquals(slp(ns.peerAddress()), t.answeredBy(), "the DA listed it");
        }
        List<DirectoryAgent> das = await(ua.directoryAgents());
        assertEquals(List.of(new DirectoryAgent(slp(ns.peerAddress()), OptionalLong.of(1795538085L), DEFAULT)), das);

        List<SlpResponder.Received> got = da.received();
        SlpResponder.Received first = got.get(0);
        assertEquals("SrvRqst", first.function());
        assertTrue(first.multicast(), "DA discovery is multicast: " + got);
        assertEquals(List.of(), first.previousResponders());
        SlpResponder.Received again = got.get(1);
        assertEquals(first.xid(), again.xid(), "the retransmission keeps the XID");
        assertNotEquals(first.fromPort(), again.fromPort(), "each transmission from a new source port");
        // which retransmission first lists the DA depends on when its DAAdvert arrived (a loaded
        // machine can fire the first retransmission before); the convergence ends only with a
        // transmission that lists it, so the last one must, and none lists anything else
        List<SlpResponder.Received> sameXid = got.stream()
                .filter(r -> r.multicast() && r.xid() == first.xid()).toList();
        assertEquals(List.of(ns.peerAddress()), sameXid.get(sameXid.size() - 1).previousResponders(),
                "the DA is in the PRList of the last retransmission: " + sameXid);
        assertTrue(sameXid.stream().allMatch(r -> r.previousResponders().isEmpty()
                || r.previousResponders().equals(List.of(ns.peerAddress()))), "only the DA is ever listed: " + sameXid);
        SlpResponder.Received query = got.stream().filter(r -> !r.multicast() && r.function().equals("SrvRqst"))
                .findFirst().orElseThrow();
        assertEquals((first.xid() + 1) & 0xFFFF, query.xid(), "the next request takes XID+1");
        assertTrue(da.lines().stream().anyMatch(l -> l.startsWith("SILENT UDP xid=" + first.xid()
                + " own address in the previous-responder list")), da.tail());
    }

    @Test
    void retransmitsAUnicastRequestWithTheSameXidFromANewPort() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder da = SlpResponder.start(hosts, ns,
                SlpResponder.Spec.role(DA, "02-srvrqst-unicast-da.hex").map(SA1, "198.18.99.11").dropFirst(2));
        SlpUserAgent ua = agent(fast(ns).withDirectoryAgents(List.of(slp(ns.peerAddress()))).withFetchAttributes(false));

        List<SlpTarget> targets = await(ua.findTargets(DEFAULT, "(auth-cred=chap/lunbridge)"));

        assertEquals(Set.of(PREFIX + "disk1", PREFIX + "disk2", PREFIX + "disk4"), names(targets));
        List<SlpResponder.Received> got = da.received();
        assertEquals(3, got.size(), da.tail());
        assertEquals(1, got.stream().map(SlpResponder.Received::xid).distinct().count(), "one XID: " + got);
        assertEquals(3, got.stream().map(SlpResponder.Received::fromPort).distinct().count(), "three ports: " + got);
    }

    @Test
    void convergesOverMulticastWithTwoServiceAgentsWhenNoDirectoryAgentAnswers() throws Exception {
        NetworkNamespace ns1 = hosts.namespace();
        NetworkNamespace ns2 = hosts.namespace();
        SlpResponder sa1 = SlpResponder.start(hosts, ns1, SlpResponder.Spec.role(SA1, "03-multicast-convergence-no-da.hex")
                .map(SA2, ns2.peerAddress()));
        SlpResponder sa2 = SlpResponder.start(hosts, ns2, SlpResponder.Spec.role(SA2, "03-multicast-convergence-no-da.hex")
                .map(SA1, ns1.peerAddress()));
        SlpUserAgent ua = agent(fast(ns1, ns2).withFetchAttributes(false));

        List<SlpTarget> targets = await(ua.findTargets(DEFAULT, ""));

        assertEquals(4, targets.size(), "two URLs from each SA: " + targets);
        for (SlpTarget t : targets) {
            String expected = Set.of("disk1", "disk2").contains(t.url().name().value().substring(PREFIX.length()))
                    ? ns1.peerAddress() : ns2.peerAddress();
            assertEquals(expected, t.url().host(), t.toString());
            assertEquals(slp(expected), t.answeredBy(), "the SA itself answered: " + t);
        }
        assertEquals(List.of(), await(ua.directoryAgents()), "no DA answered the DA discovery");
        for (SlpResponder sa : List.of(sa1, sa2)) {
            List<SlpResponder.Received> services = sa.received().stream()
                    .filter(r -> r.multicast() && r.function().equals("SrvRqst")).collect(Collectors.toList());
            int serviceXid = services.get(services.size() - 1).xid();
            List<SlpResponder.Received> convergence = services.stream().filter(r -> r.xid() == serviceXid)
                    .collect(Collectors.toList());
            assertTrue(convergence.size() >= 2, "at least two periods: " + sa.tail());
            assertEquals(List.of(), convergence.get(0).previousResponders());
            Set<String> pr = Set.copyOf(convergence.get(convergence.size() - 1).previousResponders());
            assertEquals(Set.of(ns1.peerAddress(), ns2.peerAddress()), pr, "both SAs in the PRList: " + sa.tail());
        }
    }

    @Test
    void attributeRequestGivesTypedRfc4018Attributes() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "02-srvrqst-unicast-da.hex", "04-attrrqst.hex")
                .map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        SlpUserAgent ua = agent(fast(ns).withDirectoryAgents(List.of(slp(ns.peerAddress()))));

        List<SlpTarget> targets = await(ua.findTargets(DEFAULT,
                "(&(|(auth-name=iqn.2026-11.test.lunbridge:initiator)(auth-name=any))(portal-group=1))"));

        assertEquals(Set.of(PREFIX + "disk1", PREFIX + "disk2"), names(targets));
        SlpTarget disk2 = targets.stream().filter(t -> t.url().name().value().endsWith("disk2")).findFirst().orElseThrow();
        IscsiTargetAttributes a = disk2.attributes().orElseThrow();
        assertEquals(PREFIX + "disk2", a.iscsiName().orElseThrow().value());
        assertEquals(1, a.portalGroup().getAsInt());
        assertEquals(List.of("tcp"), a.transports());
        assertEquals(List.of(PREFIX + "initiator"), a.authNames());
        assertEquals(List.of(AuthCredential.parse("chap/lunbridge"), AuthCredential.parse("chap/backup")),
                a.authCredentials());
        assertEquals(Optional.empty(), a.alias());
        SlpTarget disk1 = targets.stream().filter(t -> t.url().name().value().endsWith("disk1")).findFirst().orElseThrow();
        assertEquals(Optional.empty(), disk1.attributes(), "the capture has no AttrRqst for disk1: no reply, no attributes");
    }

    @Test
    void overflowingReplyIsFetchedAgainOverTcp() throws Exception {
        overflow("07-overflow-tcp-204urls.hex", 204);
    }

    @Test
    void truncatedOverflowDatagramIsFetchedAgainOverTcp() throws Exception {
        overflow("07b-overflow-truncated-1004urls.hex", 1004);
    }

    private void overflow(String file, int urls) throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder da = SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, file)
                .map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        SlpUserAgent ua = agent(fast(ns).withDirectoryAgents(List.of(slp(ns.peerAddress()))).withFetchAttributes(false));

        List<SlpTarget> targets = await(ua.findTargets(DEFAULT, ""));

        assertEquals(urls, targets.size());
        assertTrue(targets.stream().allMatch(t -> t.url().host().equals(ns.peerAddress())));
        List<SlpResponder.Received> got = da.received();
        SlpResponder.Received udp = got.stream().filter(r -> r.transport().equals("UDP") && !r.multicast())
                .findFirst().orElseThrow();
        SlpResponder.Received tcp = got.stream().filter(r -> r.transport().equals("TCP")).findFirst().orElseThrow();
        assertEquals(udp.xid(), tcp.xid(), "the TCP retry keeps the XID: " + da.tail());
    }

    @Test
    void unknownScopeThroughTheDaGivesNoTargetsAsByMulticastAndSaysWhy() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "06-errors.hex"));
        SlpUserAgent ua = agent(fast(ns).withDirectoryAgents(List.of(slp(ns.peerAddress()))));

        SlpLookup found = await(ua.lookup(List.of("OTHER"), ""));

        assertEquals(List.of(), found.targets());
        assertEquals("DA " + ns.peerAddress() + ":427; DA " + ns.peerAddress() + ":427 does not serve scope OTHER",
                found.describe());
    }

    @Test
    void malformedPredicateGivesNoTargetsAndUnknownLanguageTheEnglishOnes() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder da = SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "06-errors.hex")
                .map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        SlpUserAgentConfig config = fast(ns).withDirectoryAgents(List.of(slp(ns.peerAddress()))).withFetchAttributes(false);

        assertEquals(List.of(), await(agent(config).findTargets(DEFAULT, "(auth-name=any")));
        assertEquals(4, await(agent(config.withLanguageTag("de")).findTargets(DEFAULT, "")).size());
        assertTrue(da.received().stream().anyMatch(r -> r.language().equals("de")), da.tail());
    }

    @Test
    void directoryAgentGoingDownIsForgotten() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder da = SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "01-da-discovery.hex",
                "08-da-shutdown.hex").map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        SlpUserAgent ua = agent(fast(ns).withListenForAdverts(true).withFetchAttributes(false));

        da.send("01-da-discovery.hex", 2);
        Await.until("the UA learned the DA from its unsolicited DAAdvert", Duration.ofSeconds(10),
                () -> !join(ua.directoryAgents()).isEmpty(), da::tail);
        assertEquals(OptionalLong.of(1795538085L), join(ua.directoryAgents()).get(0).bootTimestamp());
        assertEquals(4, await(ua.findTargets(DEFAULT, "")).size());
        assertFalse(da.received().stream().anyMatch(SlpResponder.Received::multicast),
                "no DA discovery needed after the unsolicited DAAdvert: " + da.tail());

        da.send("08-da-shutdown.hex", 1);
        Await.until("the UA forgot the DA after its boot-timestamp-0 DAAdvert", Duration.ofSeconds(10),
                () -> join(ua.directoryAgents()).isEmpty(), da::tail);
    }

    @Test
    void discoveredTargetLogsInToTgtdAndListsALun() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, PREFIX + "disk2");
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.bindAll(1);
        SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "01-da-discovery.hex", "04-attrrqst.hex")
                .map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        SlpUserAgent ua = agent(fast(ns));

        List<SlpTarget> targets = await(ua.findTargets(DEFAULT, ""));
        SlpTarget disk2 = targets.stream().filter(t -> t.attributes().map(a -> a.iscsiName().isPresent()).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no target with attributes: " + targets));
        IscsiName initiator = IscsiName.parse(PREFIX + "initiator");
        assertTrue(disk2.attributes().orElseThrow().admits(initiator), "auth-name admits the initiator");

        try (Initiator i = new Initiator(Initiator.Settings.defaults(initiator.value()))) {
            Session s = await(i.login(disk2.url().host(), disk2.url().port(), disk2.url().name().value(), Optional.empty()));
            List<Lun> luns = await(LunDirectory.reportLuns(s::execute));
            assertTrue(luns.contains(Lun.ofNumber(1)), "LUN 1 listed: " + luns);
            await(s.logout());
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.join();
    }
}
