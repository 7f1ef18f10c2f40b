package io.lunbridge.cli;

import io.lunbridge.app.lvm.ConfiguredVolumeGroups;
import io.lunbridge.app.lvm.Lvm;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The volume-group part of {@code lunbridge status}: a warning on stderr for each volume group the
 * store configures that would still auto-activate at boot, and for {@code --json} the configured VGs
 * themselves ({@link ConfiguredVolumeGroups#json}). A store that does not exist is not
 * created (no volume groups then); an unreadable one is one warning.
 */
final class VolumeGroupStatus {
    private VolumeGroupStatus() {
    }

    static void warn(Path storeFile, Lvm lvm, PrintWriter err) {
        warn(read(storeFile, lvm, err), err);
    }

    /** Prints the warnings of {@code vgs}. */
    static void warn(ConfiguredVolumeGroups vgs, PrintWriter err) {
        vgs.warnings().forEach(w -> err.println("lunbridge: warning: " + w));
        err.flush();
    }

    /**
     * The configured VGs of the store file with their autoactivation (none when it does not exist);
     * an unreadable store is one warning on {@code err} and no VGs.
     */
    static ConfiguredVolumeGroups read(Path storeFile, Lvm lvm, PrintWriter err) {
        if (!Files.exists(storeFile)) {
            return new ConfiguredVolumeGroups(List.of(), java.util.Optional.empty());
        }
        try (ConfigStore s = ConfigStore.open(storeFile)) {
            return ConfiguredVolumeGroups.of(s.list(), lvm);
        } catch (StoreException e) {
            err.println("lunbridge: warning: cannot read the volume groups from the store: " + e.getMessage());
            return new ConfiguredVolumeGroups(List.of(), java.util.Optional.empty());
        }
    }
}
