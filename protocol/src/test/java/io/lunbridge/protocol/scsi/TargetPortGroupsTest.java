package io.lunbridge.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPortGroupsTest {
    /** Two groups: 1 active/optimized (preferred) with ports 1 and 2, 2 standby with port 3. */
    private static final byte[] TWO_GROUPS = {
        0, 0, 0, 28,
        (byte) 0x80, 0x0f, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2,
        0x02, 0x0f, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3,
    };

    @Test
    void parsesGroupsStatesAndPorts() {
        TargetPortGroups t = TargetPortGroups.parse(TWO_GROUPS);
        assertEquals(List.of(new TargetPortGroups.Group(1, TargetPortGroups.State.ACTIVE_OPTIMIZED, true, List.of(1, 2)),
                new TargetPortGroups.Group(2, TargetPortGroups.State.STANDBY, false, List.of(3))), t.groups());
        assertEquals(TargetPortGroups.State.STANDBY, t.groupOfPort(3).orElseThrow().state());
        assertTrue(t.group(7).isEmpty());
        assertEquals(50, TargetPortGroups.State.ACTIVE_OPTIMIZED.priority());
        assertTrue(!TargetPortGroups.State.STANDBY.active());
    }

    @Test
    void aTruncatedDescriptorIsAnErrorNamingIt() {
        byte[] cut = java.util.Arrays.copyOf(TWO_GROUPS, 31);
        ScsiFormatException e = assertThrows(ScsiFormatException.class, () -> TargetPortGroups.parse(cut));
        assertEquals("REPORT TARGET PORT GROUPS: group 2 claims 1 target ports, more than the 0 the data holds",
                e.getMessage());
        byte[] header = java.util.Arrays.copyOf(TWO_GROUPS, 26);
        assertEquals("REPORT TARGET PORT GROUPS: descriptor at byte 20 truncated (6 of 8 header bytes)",
                assertThrows(ScsiFormatException.class, () -> TargetPortGroups.parse(header)).getMessage());
        assertThrows(ScsiFormatException.class, () -> TargetPortGroups.parse(new byte[] {0, 0}));
    }

    @Test
    void aReservedStateIsRefused() {
        byte[] bad = TWO_GROUPS.clone();
        bad[4] = 0x07;
        assertEquals("REPORT TARGET PORT GROUPS: reserved asymmetric access state 0x7",
                assertThrows(ScsiFormatException.class, () -> TargetPortGroups.parse(bad)).getMessage());
    }

    @Test
    void theCdbAsksForTheLengthOnlyFormat() {
        byte[] cdb = Cdbs.reportTargetPortGroups(4096);
        assertEquals(0xa3, cdb[0] & 0xff);
        assertEquals(0x0a, cdb[1]);
        assertEquals(4096, ((cdb[8] & 0xff) << 8) | (cdb[9] & 0xff));
        assertEquals(12, cdb.length);
    }
}
