package io.lunbridge.protocol.discovery.isns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class IsnsTargetParserTest {

    private static IsnsAttribute ip(IsnsTag tag, String a) throws Exception {
        return IsnsAttribute.ofAddress(tag, InetAddress.getByName(a));
    }

    @Test
    void nullPgTagExcludesThatPortalAndAliasIsKept() throws Exception {
        List<IsnsAttribute> attrs = List.of(
                IsnsAttribute.ofString(IsnsTag.ISCSI_NAME, "iqn.t"),
                IsnsAttribute.ofUint32(IsnsTag.ISCSI_NODE_TYPE, 1),
                IsnsAttribute.ofString(IsnsTag.ISCSI_ALIAS, "disk"),
                ip(IsnsTag.PORTAL_IP_ADDRESS, "198.18.30.5"), IsnsAttribute.ofPort(IsnsTag.PORTAL_PORT, 3260, false),
                ip(IsnsTag.PORTAL_IP_ADDRESS, "198.18.30.6"), IsnsAttribute.ofPort(IsnsTag.PORTAL_PORT, 3260, false),
                IsnsAttribute.ofString(IsnsTag.PG_ISCSI_NAME, "iqn.t"), ip(IsnsTag.PG_PORTAL_IP_ADDRESS, "198.18.30.5"),
                IsnsAttribute.ofPort(IsnsTag.PG_PORTAL_PORT, 3260, false), IsnsAttribute.ofUint32(IsnsTag.PG_TAG, 7),
                IsnsAttribute.ofString(IsnsTag.PG_ISCSI_NAME, "iqn.t"), ip(IsnsTag.PG_PORTAL_IP_ADDRESS, "198.18.30.6"),
                IsnsAttribute.ofPort(IsnsTag.PG_PORTAL_PORT, 3260, false), IsnsAttribute.empty(IsnsTag.PG_TAG));
        assertEquals(List.of(new IsnsTarget("iqn.t", "disk", List.of(new IsnsPortal("198.18.30.5", 3260, OptionalInt.of(7))))),
                IsnsTargetParser.parse(attrs));
    }

    @Test
    void attributesWithoutTheirObjectAreRejected() {
        IsnsFormatException e = assertThrows(IsnsFormatException.class, () -> IsnsTargetParser.parse(
                List.of(IsnsAttribute.ofString(IsnsTag.ISCSI_ALIAS, "x"))));
        assertTrue(e.getMessage().contains("34 (iSCSI Alias)") && e.getMessage().contains("iSCSI Name"), e.getMessage());
        IsnsFormatException pg = assertThrows(IsnsFormatException.class, () -> IsnsTargetParser.parse(
                List.of(IsnsAttribute.ofUint32(IsnsTag.PG_TAG, 1))));
        assertTrue(pg.getMessage().contains("51 (PG Tag)"), pg.getMessage());
    }
}
