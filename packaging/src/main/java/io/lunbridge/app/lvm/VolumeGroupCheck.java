package io.lunbridge.app.lvm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seed's rule "don't span volume groups across non-iSCSI devices" as a check: a volume group
 * may be activated for a target only when every one of its physical volumes is a lunbridge disk of
 * that target (a device its attachment records name: /dev/nbdN, or the loop device over the LUN's
 * FUSE file). Paths are compared after resolving symbolic links, so /dev/disk/by-… names match.
 */
public final class VolumeGroupCheck {
    private VolumeGroupCheck() {
    }

    /**
     * Why {@code vg} must not be activated for {@code target}, or empty when it may.
     *
     * @param pvs the volume group's PV names as lvm shows them
     * @param disks the target's lunbridge disks
     */
    public static Optional<String> refusal(String target, String vg, List<String> pvs, List<Path> disks) {
        if (pvs.isEmpty()) {
            return Optional.of("no physical volume of volume group " + vg + " is visible (not on the disks of " + target
                    + ", or lvm's filter hides them)");
        }
        Set<String> own = disks.stream().map(p -> canonicalPath(p.toString())).collect(Collectors.toSet());
        List<String> foreign = pvs.stream().filter(pv -> !own.contains(canonicalPath(pv))).toList();
        if (foreign.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((foreign.size() == 1 ? "physical volume " + foreign.get(0) + " is" : "physical volumes "
                + String.join(", ", foreign) + " are") + " not a lunbridge disk of " + target + " (its disks: "
                + (disks.isEmpty() ? "none" : disks.stream().map(Path::toString).collect(Collectors.joining(", ")))
                + "); a volume group must not span non-iSCSI devices");
    }

    /** The path with symbolic links resolved; as given when it does not exist (e.g. lvm's "[unknown]"). */
    public static String canonicalPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }
}
