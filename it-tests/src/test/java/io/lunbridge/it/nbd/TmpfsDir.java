package io.lunbridge.it.nbd;

import io.lunbridge.it.harness.WorkDirs;
import java.nio.file.Path;

/**
 * A private tmpfs directory removed with everything in it on {@link #close()}, for registering with
 * {@link io.lunbridge.it.harness.TargetHostExtension} (NBD sockets, configuration, image files).
 *
 * @param path the directory
 */
public record TmpfsDir(Path path) implements AutoCloseable {
    /** Creates a new directory named after {@code prefix}. */
    public TmpfsDir(String prefix) {
        this(WorkDirs.newTmpfsDir(prefix));
    }

    @Override
    public void close() {
        WorkDirs.deleteRecursively(path);
    }
}
