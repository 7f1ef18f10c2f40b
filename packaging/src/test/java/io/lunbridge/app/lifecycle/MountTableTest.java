package io.lunbridge.app.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final String TEXT = String.join("\n",
            "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/root rw",
            "36 22 7:0 / /mnt/with\\040space rw,noatime master:1 - ext4 /dev/loop0 rw,errors=continue",
            "37 22 0:44 / /run/lunbridge/fuse rw,nosuid,nodev - fuse.lunbridge lunbridge rw,user_id=0",
            "38 37 0:45 / /run/lunbridge/fuse rw - fuse.lunbridge lunbridge rw",
            "");

    @Test
    void parsesDevicesEscapedMountPointsAndTypes() {
        MountTable t = MountTable.parse(TEXT);
        assertEquals(4, t.mounts().size());
        List<MountTable.Mount> onLoop = t.onDevice("7:0");
        assertEquals(1, onLoop.size());
        assertEquals(Path.of("/mnt/with space"), onLoop.get(0).mountPoint());
        assertEquals("/mnt/with space (ext4)", onLoop.get(0).toString());
        assertEquals("/dev/loop0", onLoop.get(0).source());
        assertTrue(t.onDevice("7:1").isEmpty());
    }

    @Test
    void theTopmostMountAtAPathWins() {
        MountTable t = MountTable.parse(TEXT);
        assertEquals("0:45", t.at(Path.of("/run/lunbridge/fuse")).orElseThrow().device());
        assertTrue(t.at(Path.of("/nowhere")).isEmpty());
    }

    @Test
    void aLineWithoutTheSeparatorIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MountTable.parse("22 1 0:21 / / rw shared:1 ext4 /dev/root rw\n"));
        assertTrue(e.getMessage().startsWith("/proc/self/mountinfo line 1: not 'ID PARENT MAJOR:MINOR"), e.getMessage());
    }
}
