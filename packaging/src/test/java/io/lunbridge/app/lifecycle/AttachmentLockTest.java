package io.lunbridge.app.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentLockTest {
    private static final String LUN1 = "0001000000000000";

    @TempDir
    Path tmp;

    private static AttachmentRecord record(long pid) {
        return new AttachmentRecord(pid, "iqn.2026-12.x:t", "1", "fuse-loop", "", "", "/run/lunbridge/fuse",
                "/run/lunbridge/control/attach-" + pid + ".sock");
    }

    @Test
    void theRecordRoundTripsAndATornOneIsIgnored() {
        AttachmentRecord r = record(7).on("/dev/loop3", "/run/lunbridge/fuse/lun1");
        assertEquals(Optional.of(r), AttachmentRecord.parse(r.format()));
        assertEquals(Optional.empty(), AttachmentRecord.parse("pid=7\ntar"));
        assertEquals("LUN 1 of iqn.2026-12.x:t as /dev/loop3 (fuse-loop, process 7)", r.describe());
    }

    @Test
    void aHeldClaimIsRefusedNamingTheDeviceAndProcess() throws Exception {
        RunDirectory run = new RunDirectory(tmp);
        try (AttachmentLock first = AttachmentLock.acquire(run, LUN1, record(11))) {
            first.update(record(11).on("/dev/loop3", "/run/lunbridge/fuse/lun1"));
            AlreadyAttachedException e = assertThrows(AlreadyAttachedException.class,
                    () -> AttachmentLock.acquire(run, LUN1, record(12)));
            assertEquals("LUN 1 of iqn.2026-12.x:t is already attached on this host as /dev/loop3 (fuse-loop) by "
                    + "process 11; detach it first: lunbridge detach /dev/loop3", e.getMessage());
            List<AttachmentLock.State> states = AttachmentLock.scan(run);
            assertEquals(1, states.size());
            assertInstanceOf(AttachmentLock.Live.class, states.get(0));
            assertEquals("0700", mode(run.locks()));
        }
        assertEquals(List.of(), AttachmentLock.scan(run), "a clean release leaves an empty, unlocked file");
    }

    @Test
    void aRecordLeftUnlockedIsStaleAndHandedToTheNextClaim() throws Exception {
        RunDirectory run = new RunDirectory(tmp);
        Files.createDirectories(run.locks());
        Path p = AttachmentLock.path(run, "iqn.2026-12.x:t", LUN1);
        Files.writeString(p, record(99).on("/dev/loop5", "/run/lunbridge/fuse/lun1").format());
        List<AttachmentLock.State> states = AttachmentLock.scan(run);
        AttachmentLock.Stale stale = assertInstanceOf(AttachmentLock.Stale.class, states.get(0));
        assertEquals(99, stale.record().pid());
        stale.claim().release();
        assertTrue(Files.size(p) > 0, "release keeps the stale record for whoever cleans it");
        try (AttachmentLock next = AttachmentLock.acquire(run, LUN1, record(100))) {
            assertEquals("/dev/loop5", next.stale().orElseThrow().device());
        }
    }

    private static String mode(Path p) throws Exception {
        int m = 0;
        for (var perm : Files.getPosixFilePermissions(p)) {
            m |= 1 << (8 - perm.ordinal());
        }
        return String.format("%04o", m);
    }
}
