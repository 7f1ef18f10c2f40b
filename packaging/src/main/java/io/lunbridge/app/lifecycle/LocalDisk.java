package io.lunbridge.app.lifecycle;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A LUN made a local block device by this process, whatever the mode: /dev/nbdN, or /dev/loopN on
 * a FUSE file. {@link AttachLifecycle} decides when it may go; the mode decides how.
 */
public interface LocalDisk {
    /** The block device node, e.g. /dev/loop0. */
    Path device();

    /** Completes when the device went away without us (e.g. the kernel disconnected an nbd device). */
    CompletableFuture<Void> ended();

    /** Fails every queued and later request with EIO (see {@link FencedDevice}). */
    void fence(String reason);

    /**
     * Releases the device.
     *
     * @return a sentence for the operator, e.g. "/dev/loop0 detached"
     */
    String detach();
}
