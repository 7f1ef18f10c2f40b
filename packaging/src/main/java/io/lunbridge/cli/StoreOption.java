package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoreFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store PATH} option of the verbs that use the persistent config store. */
public final class StoreOption {
    @Option(names = "--store", paramLabel = "PATH",
            description = "Config store file (default: $LUNBRIDGE_STORE or /var/lib/lunbridge/store.db)")
    Path store;

    /** The store file this invocation uses. */
    Path path() {
        return StoreFile.resolve(store, System.getenv(StoreFile.ENV));
    }

    /** Opens (and if needed creates) the store. */
    ConfigStore open() {
        return ConfigStore.open(path());
    }
}
