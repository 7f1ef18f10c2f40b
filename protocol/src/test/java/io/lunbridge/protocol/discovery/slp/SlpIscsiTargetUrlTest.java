package io.lunbridge.protocol.discovery.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlpIscsiTargetUrlTest {

    @Test
    void parsesHostPortAndName() {
        IscsiTargetUrl t = IscsiTargetUrl.parse("service:iscsi:target://198.18.4.11:3260/iqn.2026-11.test.lunbridge:disk1");
        assertEquals(new IscsiTargetUrl("198.18.4.11", 3260, IscsiName.parse("iqn.2026-11.test.lunbridge:disk1"),
                Optional.empty()), t);
    }

    @Test
    void defaultPortIpv6AndIdentity() {
        IscsiTargetUrl t = IscsiTargetUrl.parse("SERVICE:iSCSI:Target://[fe80::1]/eui.0123456789ABCDEF/id7");
        assertEquals("fe80::1", t.host());
        assertEquals(3260, t.port());
        assertEquals("eui.0123456789abcdef", t.name().value());
        assertEquals(Optional.of("id7"), t.identity());
        ServiceUrl u = ServiceUrl.parse("service:iscsi:sms://[2001:db8::1]:3205");
        assertEquals(new ServiceUrl("service:iscsi:sms", "2001:db8::1", OptionalInt.of(3205), ""), u);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://h/x|service URL 'http://h/x': expected it to start with 'service:'",
        "service:iscsi:target|service URL 'service:iscsi:target': expected '://' after the service type",
        "service:://h|service URL 'service:://h': expected a service type after 'service:'",
        "service:iscsi:target:///iqn.2026-11.x|service URL 'service:iscsi:target:///iqn.2026-11.x': expected a host after '://'",
        "service:iscsi:target://h:0/iqn.2026-11.x|service URL 'service:iscsi:target://h:0/iqn.2026-11.x': port: expected 1..65535, found '0'",
        "service:iscsi:target://h:x/iqn.2026-11.x|service URL 'service:iscsi:target://h:x/iqn.2026-11.x': port: expected 1..65535, found 'x'",
        "service:iscsi:target://[fe80::1/iqn.2026-11.x|service URL 'service:iscsi:target://[fe80::1/iqn.2026-11.x': expected ']' after the IPv6 address",
        "service:iscsi:target://[fe80::1]x/iqn.2026-11.x|service URL 'service:iscsi:target://[fe80::1]x/iqn.2026-11.x': expected ':' or the end of the address after ']'",
        "service:iscsi:sms://h:3205|service URL 'service:iscsi:sms://h:3205': expected type service:iscsi:target, found service:iscsi:sms",
        "service:iscsi:target://h:3260|service URL 'service:iscsi:target://h:3260': expected '/' and the iSCSI name after the portal",
        "service:iscsi:target://h:3260/iqn.2026-13.x|service URL 'service:iscsi:target://h:3260/iqn.2026-13.x': iSCSI name 'iqn.2026-13.x': month 13 out of range 01..12 (at position 10)",
    })
    void rejectsMalformedUrls(String url, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> IscsiTargetUrl.parse(url)).getMessage());
    }
}
