package io.lunbridge.app.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where running attachments leave their state: {@code ROOT/locks/HASH.lock} (one per target and
 * LUN, see {@link AttachmentLock}), {@code ROOT/control/attach-PID.sock} (the control socket of
 * each attach process) and {@code ROOT/control/daemon.sock} (the daemon's). ROOT is /run/lunbridge; both directories are 0700 (root only).
 */
public record RunDirectory(Path root) {
    /** The system's run directory. */
    public static RunDirectory system() {
        return new RunDirectory(Path.of("/run/lunbridge"));
    }

    public Path locks() {
        return root.resolve("locks");
    }

    public Path control() {
        return root.resolve("control");
    }

    /** The control socket of attach process {@code pid}. */
    public Path controlSocket(long pid) {
        return control().resolve("attach-" + pid + ".sock");
    }

    /**
     * The daemon's control socket, at a fixed place so that the CLI finds it:
     * {@code ROOT/control/daemon.sock}.
     */
    public Path daemonSocket() {
        return control().resolve("daemon.sock");
    }

    /** Creates {@code dir} (and parents) if missing and makes it 0700. */
    public static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }
}
