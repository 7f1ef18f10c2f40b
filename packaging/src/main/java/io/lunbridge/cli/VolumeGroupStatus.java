package io.lunbridge.cli;

import io.lunbridge.app.lvm.AutoactivationWarnings;
import io.lunbridge.app.lvm.Lvm;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The volume-group part of {@code lunbridge status}: a warning on stderr for each volume group the
 * store configures that would still auto-activate at boot. A store that does not exist is not
 * created (no volume groups then); an unreadable one is one warning.
 */
final class VolumeGroupStatus {
    private VolumeGroupStatus() {
    }

    static void warn(Path storeFile, Lvm lvm, PrintWriter err) {
        if (!Files.exists(storeFile)) {
            return;
        }
        List<String> warnings;
        try (ConfigStore s = ConfigStore.open(storeFile)) {
            warnings = AutoactivationWarnings.of(s.list(), lvm);
        } catch (StoreException e) {
            warnings = List.of("cannot read the volume groups from the store: " + e.getMessage());
        }
        warnings.forEach(w -> err.println("lunbridge: warning: " + w));
        err.flush();
    }
}
