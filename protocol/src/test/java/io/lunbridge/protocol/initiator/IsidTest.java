package io.lunbridge.protocol.initiator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IsidTest {
    @Test
    void randomFormatStablePerPathDistinctAcrossPaths() throws Exception {
        InetAddress a = InetAddress.getByName("198.18.0.1");
        InetAddress b = InetAddress.getByName("198.18.1.1");
        long isid = Isid.of("iqn.2026-11.io.lunbridge:h", "iqn.x:t", a);
        assertEquals(0b10, (int) (isid >>> 46), "T field = 10b (random format)");
        assertEquals(0, isid >>> 48, "48 bits");
        assertEquals(isid, Isid.of("iqn.2026-11.io.lunbridge:h", "iqn.x:t", a));
        assertNotEquals(isid, Isid.of("iqn.2026-11.io.lunbridge:h", "iqn.x:t", b));
        assertNotEquals(isid, Isid.of("iqn.2026-11.io.lunbridge:h", "iqn.x:u", a));
    }
}
