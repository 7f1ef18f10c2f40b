package io.lunbridge.app.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.lifecycle.AttachmentRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which LUNs a DEVICE or TARGET argument names, and the errors for everything else. */
class FsckTargetsTest {
    static final String T = "iqn.2026-12.io.lunbridge.test:fsck";

    @TempDir
    Path tmp;

    private AttachmentRecord record(String lun, String device) {
        return new AttachmentRecord(4242, T, lun, "fuse-loop", device, "", "", "/run/x.sock");
    }

    @Test
    void aDeviceOrALinkToItNamesItsLunAndATargetEveryAttachedLun() throws Exception {
        Path loop1 = Files.createFile(tmp.resolve("loop1"));
        Path loop2 = Files.createFile(tmp.resolve("loop2"));
        Path link = Files.createSymbolicLink(tmp.resolve("by-id"), loop2);
        List<AttachmentRecord> live = List.of(record("1", loop1.toString()), record("2", loop2.toString()));
        assertEquals(List.of("1"), FsckTargets.resolve(loop1.toString(), live).stream().map(Affected::lun).toList());
        assertEquals(List.of("2"), FsckTargets.resolve(link.toString(), live).stream().map(Affected::lun).toList());
        List<Affected> all = FsckTargets.resolve(T, live);
        assertEquals(List.of("1", "2"), all.stream().map(Affected::lun).toList());
        assertEquals(4242, all.get(0).attachPid());
    }

    @Test
    void everyBadArgumentIsNamedWithWhatLunbridgeAttached() throws Exception {
        Path loop1 = Files.createFile(tmp.resolve("loop1"));
        Path other = Files.createFile(tmp.resolve("loop9"));
        List<AttachmentRecord> live = List.of(record("1", loop1.toString()), record("2", ""));
        FsckException e = assertThrows(FsckException.class, () -> FsckTargets.resolve(other.toString(), live));
        assertEquals(8, e.exitStatus());
        assertEquals(other + " is not a device lunbridge attached; lunbridge has attached: LUN 1 of " + T + " as "
                + loop1 + " (fuse-loop, process 4242)", e.getMessage());
        e = assertThrows(FsckException.class, () -> FsckTargets.resolve(tmp.resolve("nope").toString(), List.of()));
        assertEquals("no such device " + tmp.resolve("nope") + " (lunbridge has nothing attached)", e.getMessage());
        e = assertThrows(FsckException.class, () -> FsckTargets.resolve("iqn.2026-12.io.lunbridge.test:other", live));
        assertEquals(8, e.exitStatus());
        assertTrue(e.getMessage().startsWith("target iqn.2026-12.io.lunbridge.test:other has no LUN attached by"
                + " lunbridge; lunbridge has attached: LUN 1 of " + T), e.getMessage());
        e = assertThrows(FsckException.class, () -> FsckTargets.resolve("loop0", live));
        assertEquals(16, e.exitStatus());
        assertTrue(e.getMessage().startsWith("'loop0' is neither a device (/dev/loopN, /dev/nbdN) nor a target name: "),
                e.getMessage());
    }
}
