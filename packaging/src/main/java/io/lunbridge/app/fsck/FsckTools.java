package io.lunbridge.app.fsck;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The programs {@code lunbridge fsck} runs (blkid, the checkers); an interface so that tests can stand in. */
public interface FsckTools {
    /**
     * The filesystem (or container) type blkid reports for {@code device} ({@code blkid -o value -s TYPE}),
     * empty when it finds none.
     *
     * @throws IOException when blkid cannot be run or fails otherwise, naming the device
     */
    Optional<String> filesystemType(Path device) throws IOException;

    /**
     * Runs {@code argv} with its output (stdout and stderr) copied to {@code out}, and returns its exit status.
     *
     * @throws IOException when the program cannot be started (not installed), naming it
     */
    int run(List<String> argv, PrintWriter out) throws IOException;
}
