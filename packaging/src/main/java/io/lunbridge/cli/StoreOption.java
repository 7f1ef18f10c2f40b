package io.lunbridge.cli;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoreException;
import io.lunbridge.app.store.StoreFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
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

    /** Opens (and if needed creates) the store: for the verbs that add to it. */
    ConfigStore open() {
        return ConfigStore.open(path());
    }

    /**
     * Opens the store for a verb that only reads or removes: a store whose directory does not exist is
     * refused (a typo in --store must not create a directory and an empty store).
     */
    ConfigStore openExisting() {
        Path p = path();
        Path dir = p.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new StoreException("store " + p + ": directory " + dir + " does not exist (check --store or $"
                    + StoreFile.ENV + "; 'target add' and 'target import' create a store)");
        }
        return ConfigStore.open(p);
    }

    /**
     * Runs {@code work} on the store, creating it if needed; if the store did not exist before and
     * {@code work} fails, the store file (and the directory, if created here) is removed again, so a
     * failed verb leaves nothing behind.
     */
    <T> T createOrUndo(Function<ConfigStore, T> work) {
        Path p = path().toAbsolutePath();
        Path dir = p.getParent();
        boolean fileExisted = Files.exists(p);
        boolean dirExisted = dir == null || Files.isDirectory(dir);
        try (ConfigStore s = open()) {
            return work.apply(s);
        } catch (RuntimeException e) {
            if (!fileExisted) {
                undo(p, dirExisted ? null : dir, e);
            }
            throw e;
        }
    }

    private static void undo(Path file, Path createdDir, RuntimeException cause) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            if (createdDir != null) {
                Files.deleteIfExists(createdDir);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
