package io.lunbridge.app.store;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything the store keeps about one target: where it is, how to authenticate, and how to
 * attach it (AIX ODM's role for iSCSI devices).
 *
 * @param name the target's iSCSI name, unique in the store
 * @param alias a free-text label for people
 * @param boot true when the target holds a boot or root disk; only stored targets may carry it
 * @param volumeGroups LVM volume groups the daemon activates once the target's LUNs are attached
 * @param nbdIndex preferred /dev/nbdN index for the target's first LUN
 * @param exportName NBD export name to serve the target's first LUN under
 * @param portals where the target listens, at least one, no host:port twice
 * @param chap the CHAP credentials, when the target requires them
 * @param startup whether {@code lunbridge daemon} logs in to it at start, and which LUNs it attaches
 */
public record StoredTarget(IscsiName name, Optional<String> alias, boolean boot, VolumeGroups volumeGroups,
        OptionalInt nbdIndex, Optional<String> exportName, List<StoredPortal> portals, Optional<StoredChap> chap,
        StartupPolicy startup) {

    /** Validates every field; errors name the target and the field. */
    public StoredTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chap, "chap (use Optional.empty())");
        Objects.requireNonNull(startup, "startup (use StartupPolicy.DEFAULT)");
        Objects.requireNonNull(volumeGroups, "volumeGroups (use VolumeGroups.NONE)");
        try {
            alias.ifPresent(FieldRules::alias);
            exportName.ifPresent(FieldRules::exportName);
            nbdIndex.ifPresent(FieldRules::nbdIndex);
        } catch (StoreException e) {
            throw new StoreException("target " + name + ": " + e.getMessage());
        }
        portals = List.copyOf(Objects.requireNonNull(portals, "portals"));
        if (portals.isEmpty()) {
            throw new StoreException("target " + name + ": expected at least one portal, found none");
        }
        Set<String> seen = new HashSet<>();
        for (StoredPortal p : portals) {
            if (!seen.add(p.address())) {
                throw new StoreException("target " + name + ": portal " + p.address() + " is listed twice");
            }
        }
    }

    /** A target with the default startup policy (manual, all LUNs). */
    public StoredTarget(IscsiName name, Optional<String> alias, boolean boot, VolumeGroups volumeGroups,
            OptionalInt nbdIndex, Optional<String> exportName, List<StoredPortal> portals, Optional<StoredChap> chap) {
        this(name, alias, boot, volumeGroups, nbdIndex, exportName, portals, chap, StartupPolicy.DEFAULT);
    }

    /** A plain target: no alias, no attach preferences, no CHAP. */
    public static StoredTarget of(IscsiName name, List<StoredPortal> portals) {
        return new StoredTarget(name, Optional.empty(), false, VolumeGroups.NONE, OptionalInt.empty(),
                Optional.empty(), portals, Optional.empty());
    }

    /** The same target with other portals and CHAP (attach preferences kept), for import --replace. */
    public StoredTarget withConnection(List<StoredPortal> newPortals, Optional<StoredChap> newChap) {
        return new StoredTarget(name, alias, boot, volumeGroups, nbdIndex, exportName, newPortals, newChap, startup);
    }

    /** The same target with other volume groups ({@code target set vgs=}, {@code vg prepare}). */
    public StoredTarget withVolumeGroups(VolumeGroups vgs) {
        return new StoredTarget(name, alias, boot, vgs, nbdIndex, exportName, portals, chap, startup);
    }
}
