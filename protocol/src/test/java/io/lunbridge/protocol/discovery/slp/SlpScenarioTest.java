package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.naming.IscsiName;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the captures mean for a user agent, asserted on decoded values. */
class SlpScenarioTest {

    private static SlpMessage decode(String file, int index) {
        return SlpDecoder.decode(Unpooled.wrappedBuffer(SlpCapture.get(file, index).bytes()));
    }

    @Test
    void daDiscoveryReplyEchoesXidAndAdvertisesTheDa() {
        ServiceRequest rq = (ServiceRequest) decode("01-da-discovery.hex", 5);
        DirectoryAgentAdvert da = (DirectoryAgentAdvert) decode("01-da-discovery.hex", 6);
        assertTrue(rq.header().requestMulticast());
        assertEquals("service:directory-agent", rq.serviceType());
        assertEquals(rq.header().xid(), da.header().xid());
        assertFalse(da.header().requestMulticast());
        assertEquals(1795538085L, da.bootTimestamp());
        assertFalse(da.goingDown());
        ServiceUrl url = ServiceUrl.parse(da.url());
        assertEquals("service:directory-agent", url.serviceType());
        assertEquals("198.18.4.1", url.host());
        assertEquals(OptionalInt.empty(), url.port());
        assertEquals(List.of("DEFAULT"), da.scopes());
        ServiceRequest retry = (ServiceRequest) decode("01-da-discovery.hex", 7);
        assertEquals(rq.header().xid(), retry.header().xid(), "retransmissions keep the XID");
        assertEquals(List.of("198.18.4.1"), retry.previousResponders());
    }

    @Test
    void unsolicitedAndShutdownAdverts() {
        DirectoryAgentAdvert boot = (DirectoryAgentAdvert) decode("01-da-discovery.hex", 2);
        assertEquals(0, boot.header().xid());
        assertTrue(boot.header().requestMulticast());
        DirectoryAgentAdvert down = (DirectoryAgentAdvert) decode("08-da-shutdown.hex", 1);
        assertTrue(down.goingDown());
    }

    @Test
    void srvRplyUrlsBecomeTargetsAtPortals() {
        ServiceReply reply = (ServiceReply) decode("02-srvrqst-unicast-da.hex", 2);
        assertEquals(0, reply.errorCode());
        Set<String> targets = reply.urls().stream().map(e -> IscsiTargetUrl.parse(e.url()))
                .map(t -> t.host() + ":" + t.port() + " " + t.name().value()).collect(Collectors.toSet());
        assertEquals(Set.of("198.18.4.11:3260 iqn.2026-11.test.lunbridge:disk1",
                "198.18.4.11:3260 iqn.2026-11.test.lunbridge:disk2",
                "198.18.4.12:3260 iqn.2026-11.test.lunbridge:disk3",
                "198.18.4.12:3260 iqn.2026-11.test.lunbridge:disk4"), targets);
        assertEquals(Set.of(10815, 65535), reply.urls().stream().map(UrlEntry::lifetime).collect(Collectors.toSet()));
    }

    @Test
    void convergenceRetransmissionListsResponders() {
        ServiceRequest first = (ServiceRequest) decode("03-multicast-convergence-no-da.hex", 3);
        ServiceRequest again = (ServiceRequest) decode("03-multicast-convergence-no-da.hex", 6);
        assertEquals(List.of(), first.previousResponders());
        assertEquals(List.of("198.18.4.11", "198.18.4.12"), again.previousResponders());
        assertEquals(first.header().xid(), again.header().xid());
    }

    @Test
    void attrRplyTypedAccessors() {
        AttributeReply reply = (AttributeReply) decode("04-attrrqst.hex", 2);
        IscsiTargetAttributes a = new IscsiTargetAttributes(reply.attributes());
        assertEquals(Optional.of(IscsiName.parse("iqn.2026-11.test.lunbridge:disk2")), a.iscsiName());
        assertEquals(OptionalInt.of(1), a.portalGroup());
        assertEquals(List.of("tcp"), a.transports());
        assertEquals(List.of("iqn.2026-11.test.lunbridge:initiator"), a.authNames());
        assertEquals(List.of(new AuthCredential("chap", "lunbridge"), new AuthCredential("chap", "backup")),
                a.authCredentials());
        assertEquals(Optional.empty(), a.alias());
        assertTrue(a.admits(IscsiName.parse("iqn.2026-11.test.lunbridge:initiator")));
        assertFalse(a.admits(IscsiName.parse("iqn.2026-11.test.lunbridge:other")));

        AttributeRequest tagged = (AttributeRequest) decode("04-attrrqst.hex", 3);
        assertEquals(List.of("iscsi-name", "portal-group", "auth-cred"), tagged.tags());

        IscsiTargetAttributes one = new IscsiTargetAttributes(((AttributeReply) decode("04-attrrqst.hex", 6)).attributes());
        assertEquals(Optional.of("disk1"), one.alias());
        assertTrue(one.admits(IscsiName.parse("iqn.2026-11.test.lunbridge:anyone")), "auth-name=any");
    }

    @Test
    void bootListFromRegistration() {
        ServiceRegistration reg = (ServiceRegistration) decode("00-registration-sa-to-da.hex", 14);
        assertTrue(reg.header().fresh());
        IscsiTargetAttributes a = new IscsiTargetAttributes(reg.attributes());
        assertEquals(List.of(IscsiName.parse("iqn.2026-11.test.lunbridge:initiator")), a.bootList());
        assertEquals(OptionalInt.of(2), a.portalGroup());
        assertEquals(65535, reg.url().lifetime());
    }

    @Test
    void srvTypeRequestNamingAuthorityAllVersusIana() {
        assertEquals(Optional.empty(), ((ServiceTypeRequest) decode("05-srvtyperqst.hex", 1)).namingAuthority());
        assertEquals(Optional.of(""), ((ServiceTypeRequest) decode("05-srvtyperqst.hex", 3)).namingAuthority());
        assertEquals(List.of("service:iscsi:target", "service:iscsi:sms"),
                ((ServiceTypeReply) decode("05-srvtyperqst.hex", 2)).serviceTypes());
    }

    @Test
    void errorRepliesStopAfterTheErrorCode() {
        ServiceReply srv = (ServiceReply) decode("06-errors.hex", 2);
        assertEquals(SlpError.SCOPE_NOT_SUPPORTED, SlpError.of(srv.errorCode()).orElseThrow());
        AttributeReply attr = (AttributeReply) decode("06-errors.hex", 4);
        assertEquals(4, attr.errorCode());
        assertEquals("", attr.attributeList());
        ServiceTypeReply types = (ServiceTypeReply) decode("06-errors.hex", 6);
        assertEquals(4, types.errorCode());
        assertEquals(List.of(), types.serviceTypes());
        ServiceReply spi = (ServiceReply) decode("06-errors.hex", 12);
        assertEquals("AUTHENTICATION_UNKNOWN(5)", SlpError.describe(spi.errorCode()));
        assertEquals("lunbridge-spi", ((ServiceRequest) decode("06-errors.hex", 11)).spi());
        ServiceReply badPredicate = (ServiceReply) decode("06-errors.hex", 8);
        assertEquals(0, badPredicate.errorCode(), "openslp answers a malformed predicate with OK and no URLs");
        assertEquals(List.of(), badPredicate.urls());
        assertEquals("de", decode("06-errors.hex", 10).header().languageTag());
        assertEquals("UNKNOWN(99)", SlpError.describe(99));
    }

    @Test
    void overflowCompleteDatagramThenTcpRetry() {
        SlpCapture udp = SlpCapture.get("07-overflow-tcp-204urls.hex", 5);
        SlpDatagram d = SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(udp.bytes()));
        assertTrue(d.retryOverTcp());
        assertEquals(204, ((ServiceReply) d.message().orElseThrow()).urls().size());
        ServiceRequest udpRq = (ServiceRequest) decode("07-overflow-tcp-204urls.hex", 4);
        ServiceRequest tcpRq = (ServiceRequest) decode("07-overflow-tcp-204urls.hex", 6);
        assertEquals(udpRq, tcpRq, "the TCP retry is the same request, same XID");
        ServiceReply tcp = (ServiceReply) decode("07-overflow-tcp-204urls.hex", 7);
        assertFalse(tcp.header().overflow());
        assertEquals(204, tcp.urls().size());
    }

    @Test
    void overflowTruncatedDatagramThenTcpRetry() {
        SlpCapture udp = SlpCapture.get("07b-overflow-truncated-1004urls.hex", 5);
        assertEquals(1400, udp.bytes().length);
        SlpDatagram d = SlpDecoder.decodeDatagram(Unpooled.wrappedBuffer(udp.bytes()));
        assertTrue(d.retryOverTcp());
        assertEquals(Optional.empty(), d.message());
        assertEquals(80333, d.header().length());
        ServiceReply tcp = (ServiceReply) decode("07b-overflow-truncated-1004urls.hex", 7);
        assertEquals(1004, tcp.urls().size());
        assertEquals(1004, tcp.urls().stream().map(UrlEntry::url).distinct().count());
    }

    @Test
    void encodesANewRequestLikeLibslp() {
        // same fields as 02 [1]: slptool -u DA findsrvs service:iscsi:target
        ServiceRequest rq = new ServiceRequest(SlpHeader.of(SlpFunction.SRV_RQST, 0x08d2, "en", false), List.of(),
                IscsiTargetUrl.SERVICE_TYPE, List.of("DEFAULT"), "", "");
        assertEquals(List.of(SlpCapture.get("02-srvrqst-unicast-da.hex", 1).bytes().length),
                List.of(SlpEncoder.encode(rq).length));
        org.junit.jupiter.api.Assertions.assertArrayEquals(SlpCapture.get("02-srvrqst-unicast-da.hex", 1).bytes(),
                SlpEncoder.encode(rq));
    }
}
