package io.lunbridge.app.fsck;

import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;

/**
 * A LUN {@code lunbridge fsck} checks: attached by a lunbridge process as {@code device}.
 *
 * @param target the target
 * @param lun the LUN as the attachment records it
 * @param device /dev/loopN or /dev/nbdN
 * @param attachPid the process serving it (its own descriptors of the device are no use)
 */
public record Affected(IscsiName target, String lun, Path device, long attachPid) {
    /** "LUN 1 of iqn.… (/dev/loop0)". */
    public String describe() {
        return "LUN " + lun + " of " + target + " (" + device + ")";
    }

    /** The LUN as attachment records and the store's flags name it: its number, or its raw hex when it has none. */
    public static String lunLabel(io.lunbridge.protocol.scsi.Lun lun) {
        return lun.hasNumber() ? Integer.toString(lun.number()) : lun.rawHex();
    }
}
