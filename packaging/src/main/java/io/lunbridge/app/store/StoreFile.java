package io.lunbridge.app.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the store lives and the permissions that keep its CHAP secrets private: the directory is
 * created 0700, the database file 0600 before SQLite first opens it (SQLite gives its -wal and
 * -shm files the database file's mode). A store file that group or others may access is refused.
 */
public final class StoreFile {
    /** The default location, overridden by {@code --store} or {@code $LUNBRIDGE_STORE}. */
    public static final Path DEFAULT = Path.of("/var/lib/lunbridge/store.db");
    /** The environment variable naming the store file. */
    public static final String ENV = "LUNBRIDGE_STORE";

    private StoreFile() {
    }

    /** The store file: {@code option} if given, else {@code $LUNBRIDGE_STORE} if set, else {@link #DEFAULT}. */
    public static Path resolve(Path option, String envValue) {
        if (option != null) {
            return option;
        }
        return envValue != null && !envValue.isBlank() ? Path.of(envValue) : DEFAULT;
    }

    /**
     * Creates the directory (0700) and an empty file (0600) if absent, and checks the permissions
     * of an existing file.
     */
    static void prepare(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                checkPrivate(file);
            }
        } catch (IOException e) {
            throw new StoreException("store " + file + ": cannot create it: " + e, e);
        }
    }

    private static void checkPrivate(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("store " + file + ": not a regular file");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            String n = p.name();
            if (n.startsWith("GROUP_") || n.startsWith("OTHERS_")) {
                throw new StoreException("store " + file + " is accessible by group or others (mode "
                        + PosixFilePermissions.toString(perms) + ") and holds CHAP secrets: run chmod 600 " + file);
            }
        }
    }
}
