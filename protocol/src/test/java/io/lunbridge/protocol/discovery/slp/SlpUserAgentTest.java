package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The user agent against a scripted DA on the loopback interface (no namespace needed): the
 * retransmission schedule and the bounds. The full scenarios against replayed openslp captures in
 * namespaces are in it-tests (SlpUserAgentIT).
 */
class SlpUserAgentTest {

    private static SlpUserAgentConfig config(InetSocketAddress da, Duration retry, Duration retryMax, Duration total) {
        return SlpUserAgentConfig.defaults().withDirectoryAgents(List.of(da))
                .withMulticastInterfaces(List.of(InetAddress.getLoopbackAddress()))
                .withTimers(retry, retryMax, Duration.ofMillis(100), total).withFetchAttributes(false);
    }

    /** Reads the requests a silent DA receives until {@code quietMillis} pass without one. */
    private static List<DatagramPacket> collect(DatagramSocket socket, int quietMillis) throws Exception {
        return collectEach(socket, quietMillis, new ArrayList<>(), "");
    }

    @Test
    void silentDirectoryAgentGetsTheSameXidFromNewPortsUntilRetryMax() throws Exception {
        try (DatagramSocket da = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SlpUserAgent ua = SlpUserAgent.start(config((InetSocketAddress) da.getLocalSocketAddress(),
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10)))) {
            var result = ua.findTargets(List.of("DEFAULT"), "");
            List<DatagramPacket> got = collect(da, 1000);

            // waits 100, 200, then the 200 left of 500: transmissions at 0, 100, 300 ms
            assertEquals(3, got.size(), "transmissions");
            List<Integer> xids = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            for (DatagramPacket p : got) {
                ServiceRequest q = (ServiceRequest) SlpDecoder.decode(Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()));
                assertEquals(IscsiTargetUrl.SERVICE_TYPE, q.serviceType());
                assertEquals(List.of("DEFAULT"), q.scopes());
                xids.add(q.header().xid());
                ports.add(p.getPort());
            }
            assertEquals(1, xids.stream().distinct().count(), "same XID: " + xids);
            assertEquals(3, ports.stream().distinct().count(), "new source port each time: " + ports);
            // the silent DA makes the UA fall back to multicast, where nobody answers on loopback: an
            // error naming the DA, not an empty list that would look like "no targets"
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
            String daAddress = ((InetSocketAddress) da.getLocalSocketAddress()).getAddress().getHostAddress();
            org.junit.jupiter.api.Assertions.assertTrue(e.getCause().getMessage().startsWith(
                    "no SLP directory agent answered SrvRqst for service:iscsi:target in scope DEFAULT (")
                    && e.getCause().getMessage().contains(daAddress), e.getCause().getMessage());
        }
    }

    @Test
    void answersWithTheCapturedReplyAndMatchesOnXid() throws Exception {
        byte[] captured = SlpCapture.get("02-srvrqst-unicast-da.hex", 2).bytes();
        try (DatagramSocket da = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SlpUserAgent ua = SlpUserAgent.start(config((InetSocketAddress) da.getLocalSocketAddress(),
                        Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofSeconds(10)))) {
            var result = ua.findTargets(List.of("DEFAULT"), "");
            DatagramPacket request = new DatagramPacket(new byte[1500], 1500);
            da.setSoTimeout(5000);
            da.receive(request);
            int xid = ((request.getData()[10] & 0xFF) << 8) | (request.getData()[11] & 0xFF);
            byte[] stale = captured.clone();
            stale[10] = (byte) ((xid + 7) >>> 8);
            stale[11] = (byte) (xid + 7);
            da.send(new DatagramPacket(stale, stale.length, request.getSocketAddress()));
            byte[] reply = captured.clone();
            reply[10] = (byte) (xid >>> 8);
            reply[11] = (byte) xid;
            da.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));

            List<SlpTarget> targets = result.get(5, TimeUnit.SECONDS);
            assertEquals(4, targets.size(), "the reply with the other XID was ignored, this one taken: " + targets);
            assertEquals("198.18.4.11", targets.get(0).url().host());
            assertEquals(10815, targets.get(0).lifetime());
        }
    }

    /** A DA on loopback that answers the first request with captured message {@code file[index]}, XID patched. */
    private static DatagramPacket answerOnce(DatagramSocket da, String file, int index) throws Exception {
        byte[] captured = SlpCapture.get(file, index).bytes();
        DatagramPacket request = new DatagramPacket(new byte[1500], 1500);
        da.setSoTimeout(5000);
        da.receive(request);
        byte[] reply = captured.clone();
        reply[10] = request.getData()[10];
        reply[11] = request.getData()[11];
        da.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
        return request;
    }

    @Test
    void scopeNotSupportedGivesNoTargetsAndNamesTheDaInTheLookup() throws Exception {
        try (DatagramSocket da = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SlpUserAgent ua = SlpUserAgent.start(config((InetSocketAddress) da.getLocalSocketAddress(),
                        Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofSeconds(10)))) {
            var result = ua.lookup(List.of("OTHER"), "");
            answerOnce(da, "06-errors.hex", 2);

            SlpLookup found = result.get(5, TimeUnit.SECONDS);
            assertEquals(List.of(), found.targets(), "an unknown scope gives no targets, as by multicast");
            assertEquals(SlpLookup.Via.DIRECTORY_AGENT, found.via());
            assertEquals("DA 127.0.0.1:" + da.getLocalPort() + "; DA 127.0.0.1:" + da.getLocalPort()
                    + " does not serve scope OTHER", found.describe());
        }
    }

    @Test
    void otherSlpErrorsNameTheDaTheRequestAndTheError() throws Exception {
        try (DatagramSocket da = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SlpUserAgent ua = SlpUserAgent.start(config((InetSocketAddress) da.getLocalSocketAddress(),
                        Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofSeconds(10)))) {
            var result = ua.findTargets(List.of("DEFAULT"), "");
            answerOnce(da, "06-errors.hex", 12);

            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
            assertEquals("SLP DA 127.0.0.1:" + da.getLocalPort() + " answered SrvRqst for service:iscsi:target"
                    + " in scope DEFAULT with AUTHENTICATION_UNKNOWN(5)", e.getCause().getMessage());
        }
    }

    @Test
    void portUnreachableEndsTheDasAttemptAtOnceAndDeadDasAreTriedTogether() throws Exception {
        // two closed loopback ports: the kernel answers each request with ICMP port unreachable
        InetSocketAddress dead1;
        InetSocketAddress dead2;
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            dead1 = (InetSocketAddress) a.getLocalSocketAddress();
            dead2 = (InetSocketAddress) b.getLocalSocketAddress();
        }
        // retryMax 60 s and a 60 s bound: only the ICMP errors can end the DA attempts within the 20 s get
        SlpUserAgentConfig c = config(dead1, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(60))
                .withDirectoryAgents(List.of(dead1, dead2));
        try (SlpUserAgent ua = SlpUserAgent.start(c)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> ua.findTargets(List.of("DEFAULT"), "").get(20, TimeUnit.SECONDS));
            assertInstanceOf(SlpException.class, e.getCause());
            assertEquals("no SLP directory agent answered SrvRqst for service:iscsi:target in scope DEFAULT (DA 127.0.0.1:"
                    + dead1.getPort() + " unreachable; DA 127.0.0.1:" + dead2.getPort() + " unreachable), and multicast"
                    + " convergence found no service agent", e.getCause().getMessage());
        }
    }

    @Test
    void silentDirectoryAgentsAreAskedTogetherNotOneAfterTheOther() throws Exception {
        // Retransmission waits of 30 s: while the test runs, da1's exchange is still outstanding (never
        // given up), so da2 receives a request only if the DAs are asked together; asked one after the
        // other, da2 would see nothing until da1's 30 s had passed. No assertion on how long anything
        // took: a slow machine only makes the two receives below wait longer.
        try (DatagramSocket da1 = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket da2 = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SlpUserAgentConfig c = config((InetSocketAddress) da1.getLocalSocketAddress(), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ofSeconds(60)).withDirectoryAgents(
                            List.of((InetSocketAddress) da1.getLocalSocketAddress(),
                                    (InetSocketAddress) da2.getLocalSocketAddress()));
            try (SlpUserAgent ua = SlpUserAgent.start(c)) {
                var result = ua.findTargets(List.of("DEFAULT"), "");
                for (DatagramSocket da : List.of(da2, da1)) {
                    da.setSoTimeout(20_000);
                    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                    da.receive(p); // SocketTimeoutException (test fails) if this DA is never asked
                    assertEquals(IscsiTargetUrl.SERVICE_TYPE, ((ServiceRequest) SlpDecoder.decode(
                            Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()))).serviceType());
                }
                assertTrue(!result.isDone(), "both DAs asked while the first one's exchange is still outstanding");
            }
        }
    }

    /** As {@link #collect}, adding {@code name} to {@code arrivals} for each request. */
    private static List<DatagramPacket> collectEach(DatagramSocket socket, int quietMillis, List<String> arrivals,
            String name) throws Exception {
        List<DatagramPacket> got = new ArrayList<>();
        socket.setSoTimeout(quietMillis);
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return got;
            }
            arrivals.add(name);
            got.add(p);
        }
    }

    @Test
    void newSettingsAreRefusedByName() {
        SlpUserAgentConfig d = SlpUserAgentConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withAttributeWindow(0));
        assertEquals("attributeWindow: expected at least 1 outstanding AttrRqst, found 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withDaSettle(Duration.ofMillis(-1)));
        assertEquals("daSettle: expected zero (off) or a positive duration, found PT-0.001S", e.getMessage());
    }

    @Test
    void theWholeCallIsBounded() throws Exception {
        try (DatagramSocket da = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SlpUserAgent ua = SlpUserAgent.start(config((InetSocketAddress) da.getLocalSocketAddress(),
                        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(300)))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> ua.findTargets(List.of("DEFAULT"), "").get(5, TimeUnit.SECONDS));
            assertInstanceOf(SlpTimeoutException.class, e.getCause());
            assertEquals("SLP discovery of service:iscsi:target in scope DEFAULT did not finish within 300 ms",
                    e.getCause().getMessage());
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        SlpUserAgentConfig d = SlpUserAgentConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.withTimers(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("retryMax: expected at least retry"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> d.withTimers(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertEquals("retry: expected a positive duration, found PT0S", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withLanguageTag(""));
        assertEquals("languageTag: expected a language tag such as 'en', found ''", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SlpUserAgent.start(d.withListenForAdverts(true)));
        assertTrue(e.getMessage().startsWith("listenForAdverts: needs at least one multicast interface"), e.getMessage());
    }
}
