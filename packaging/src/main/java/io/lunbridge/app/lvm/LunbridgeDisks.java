package io.lunbridge.app.lvm;

import io.lunbridge.app.lifecycle.AttachmentLock;
import io.lunbridge.app.lifecycle.AttachmentRecord;
import io.lunbridge.app.lifecycle.RunDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lunbridge disks of this host: the devices that the attachment records of live attach and
 * daemon processes name (/dev/nbdN, or the loop device over a LUN's FUSE file), by device path with
 * links resolved. Records of killed processes are not disks; their claims are released untouched.
 *
 * <p>Not for use inside a process that holds attachment locks itself (the daemon): opening a lock
 * file a second time and closing it would drop that process's own POSIX lock.
 */
public final class LunbridgeDisks {
    private LunbridgeDisks() {
    }

    /** Device (links resolved) to the record that names it. */
    public static Map<String, AttachmentRecord> live(RunDirectory run) throws IOException {
        Map<String, AttachmentRecord> disks = new LinkedHashMap<>();
        for (AttachmentLock.State s : AttachmentLock.scan(run)) {
            if (s instanceof AttachmentLock.Live live && !live.record().device().isEmpty()) {
                disks.put(VolumeGroupCheck.canonicalPath(live.record().device()), live.record());
            } else if (s instanceof AttachmentLock.Stale stale) {
                stale.claim().release();
            }
        }
        return disks;
    }
}
