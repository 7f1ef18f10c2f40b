package io.lunbridge.app.lvm;

import io.lunbridge.app.store.StoredTarget;
import java.util.List;

/**
 * What {@code lunbridge status} warns about volume groups: a VG the store configures for a target
 * that would still be activated at boot by LVM's event activation (before lunbridge has attached
 * its disks, or while only some of them are there), because its autoactivation is on.
 */
public final class AutoactivationWarnings {
    private AutoactivationWarnings() {
    }

    /** One warning per configured VG that lvm shows with autoactivation enabled; VGs lvm does not see are skipped. */
    public static List<String> of(List<StoredTarget> targets, Lvm lvm) {
        return ConfiguredVolumeGroups.of(targets, lvm).warnings();
    }
}
