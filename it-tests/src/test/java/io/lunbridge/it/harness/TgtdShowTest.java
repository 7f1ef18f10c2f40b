package io.lunbridge.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of tgtadm's target listing into sessions. */
class TgtdShowTest {
    private static final String SHOW = """
            Target 1: iqn.2026-12.io.lunbridge.it:a
                System information:
                    Driver: iscsi
                    State: ready
                I_T nexus information:
                    I_T nexus: 3
                        Initiator: iqn.2026-12.io.lunbridge.it:client alias: host
                        Connection: 0
                            IP Address: 198.18.128.5
                    I_T nexus: 4
                        Initiator: iqn.2026-12.io.lunbridge.it:client alias: host
                        Connection: 0
                            IP Address: 198.18.128.9
                LUN information:
                    LUN: 0
                        Type: controller
                Account information:
                ACL information:
                    ALL
            Target 2: iqn.2026-12.io.lunbridge.it:b
                System information:
                    Driver: iscsi
                    State: ready
                I_T nexus information:
                LUN information:
            """;

    @Test
    void nexusesOfOneTargetWithTheirInitiatorAndConnectionAddresses() {
        List<TgtdShow.Nexus> a = TgtdShow.nexuses(SHOW, 1);
        assertEquals(List.of(
                new TgtdShow.Nexus(3, "iqn.2026-12.io.lunbridge.it:client", List.of("198.18.128.5")),
                new TgtdShow.Nexus(4, "iqn.2026-12.io.lunbridge.it:client", List.of("198.18.128.9"))), a);
        assertEquals(List.of(), TgtdShow.nexuses(SHOW, 2));
        assertEquals(List.of(), TgtdShow.nexuses(SHOW, 3));
    }
}
