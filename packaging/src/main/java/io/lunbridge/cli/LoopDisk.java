package io.lunbridge.cli;

import io.lunbridge.app.lifecycle.FencedDevice;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.bridge.fuse.LoopDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A LUN attached as /dev/loopN on its FUSE file, for {@link io.lunbridge.app.lifecycle.AttachLifecycle}. */
record LoopDisk(LoopDevice loop, FencedDevice fence) implements LocalDisk {
    @Override
    public Path device() {
        return loop.device();
    }

    @Override
    public CompletableFuture<Void> ended() {
        return new CompletableFuture<>(); // a loop device does not go away on its own
    }

    @Override
    public void fence(String reason) {
        fence.fence(reason);
    }

    @Override
    public String detach() {
        try {
            // Forced: the device is in use and fenced, the kernel frees it on last close; do not wait for that.
            Duration wait = fence.fenced() ? Duration.ofMillis(500) : Duration.ofSeconds(10);
            return loop.detach(wait) ? loop.device() + " detached"
                    : loop.device() + " released (the kernel frees it when its last user closes it; its I/O fails)";
        } catch (IOException e) {
            return loop.device() + " NOT detached: " + e.getMessage();
        }
    }
}
