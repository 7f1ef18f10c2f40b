package io.lunbridge.protocol.initiator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IsidTest {
    private static final String I = "iqn.2026-11.io.lunbridge:h";

    @Test
    void randomFormatStablePerPathDistinctAcrossPaths() throws Exception {
        InetAddress a = InetAddress.getByName("198.18.0.1");
        InetAddress b = InetAddress.getByName("198.18.1.1");
        long isid = Isid.of(I, "iqn.x:t", Isid.pathKey(null, a, "198.18.0.2:3260"));
        assertEquals(0b10, (int) (isid >>> 46), "T field = 10b (random format)");
        assertEquals(0, isid >>> 48, "48 bits");
        assertEquals(isid, Isid.of(I, "iqn.x:t", Isid.pathKey(null, a, "198.18.0.2:3260")), "re-login keeps the ISID");
        assertNotEquals(isid, Isid.of(I, "iqn.x:t", Isid.pathKey(null, b, "198.18.0.2:3260")));
        assertNotEquals(isid, Isid.of(I, "iqn.x:u", Isid.pathKey(null, a, "198.18.0.2:3260")));
    }

    @Test
    void twoUnboundPathsToTwoPortalsOfOneTargetGetTwoNexuses() {
        long first = Isid.of(I, "iqn.x:t", Isid.pathKey(null, null, "198.18.0.2:3260"));
        long second = Isid.of(I, "iqn.x:t", Isid.pathKey(null, null, "198.18.1.2:3260"));
        assertNotEquals(first, second, "the portal alone separates paths without a local address");
    }

    @Test
    void twoInterfacesToOnePortalGetTwoNexuses() {
        long eth1 = Isid.of(I, "iqn.x:t", Isid.pathKey("eth1", null, "198.18.0.2:3260"));
        long eth2 = Isid.of(I, "iqn.x:t", Isid.pathKey("eth2", null, "198.18.0.2:3260"));
        assertNotEquals(eth1, eth2);
        assertEquals(eth1, Isid.of(I, "iqn.x:t", Isid.pathKey("eth1", null, "198.18.0.2:3260")));
    }
}
