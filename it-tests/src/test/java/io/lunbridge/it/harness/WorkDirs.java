package io.lunbridge.it.harness;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where peers keep their files: LUN backing files and control sockets on tmpfs (fast, no disk
 * wear, removed on close), logs under a directory that survives the test for post-mortems.
 *
 * <p>The log directory is the system property {@code lunbridge.it.logDir}, by default
 * {@code target/it-logs} relative to the working directory (the module directory under Maven).
 */
public final class WorkDirs {

    private static final Path SHM = Path.of("/dev/shm");

    private WorkDirs() {
    }

    /** A new private directory on tmpfs ({@code /dev/shm}, else java.io.tmpdir). */
    public static Path newTmpfsDir(String prefix) {
        Path parent = Files.isDirectory(SHM) && Files.isWritable(SHM) ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempDirectory(parent, prefix + "-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new HarnessException("cannot create a temp directory under " + parent + ": " + e.getMessage(), e);
        }
    }

    /** A new, unique log file path for {@code prefix} in the log directory. */
    public static Path newLogFile(String prefix) {
        Path dir = Path.of(System.getProperty("lunbridge.it.logDir", "target/it-logs")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            return Files.createTempFile(dir, prefix + "-" + ProcessHandle.current().pid() + "-", ".log");
        } catch (IOException e) {
            throw new HarnessException("cannot create a log file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new HarnessException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
