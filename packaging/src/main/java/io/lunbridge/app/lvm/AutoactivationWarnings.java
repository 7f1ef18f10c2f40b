package io.lunbridge.app.lvm;

import io.lunbridge.app.store.StoredTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        if (targets.stream().allMatch(t -> t.volumeGroups().isEmpty())) {
            return List.of();
        }
        Map<String, Boolean> auto;
        try {
            auto = lvm.autoactivation();
        } catch (LvmException e) {
            return List.of("cannot check whether the configured volume groups auto-activate at boot: " + e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        for (StoredTarget t : targets) {
            for (String vg : t.volumeGroups().names()) {
                if (auto.getOrDefault(vg, false)) {
                    warnings.add("volume group " + vg + " (target " + t.name() + ") would still auto-activate at boot;"
                            + " run 'lunbridge vg prepare " + vg + "' (vgchange --setautoactivation n)");
                }
            }
        }
        return warnings;
    }
}
