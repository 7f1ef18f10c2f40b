package io.lunbridge.app.fsck;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code lunbridge fsck} reads and clears the "needs fsck" flags; an interface so that tests can stand in. */
public interface FlagStore {
    /** Whether {@code target} LUN {@code lun} is flagged. */
    boolean flagged(IscsiName target, String lun);

    /** Clears the flag of {@code target} LUN {@code lun}; true if it was set. */
    boolean clear(IscsiName target, String lun);

    /** The store file {@code file}; a store that does not exist holds no flag and is not created. */
    static FlagStore of(Path file) {
        return new FlagStore() {
            @Override
            public boolean flagged(IscsiName target, String lun) {
                if (!Files.exists(file)) {
                    return false;
                }
                try (ConfigStore s = ConfigStore.open(file)) {
                    return s.deviceFlags().stream().anyMatch(f -> f.target().equals(target) && f.lun().equals(lun));
                }
            }

            @Override
            public boolean clear(IscsiName target, String lun) {
                if (!Files.exists(file)) {
                    return false;
                }
                try (ConfigStore s = ConfigStore.open(file)) {
                    return s.clearDeviceFlag(target, lun);
                }
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }
}
