package io.lunbridge.cli;

import io.lunbridge.app.lifecycle.FencedDevice;
import io.lunbridge.app.lifecycle.LocalDisk;
import io.lunbridge.bridge.kernel.AttachedDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A LUN attached as /dev/nbdN, for {@link io.lunbridge.app.lifecycle.AttachLifecycle}. */
record NbdDisk(AttachedDevice attached, FencedDevice fence) implements LocalDisk {
    private static final Duration DETACH_WAIT = Duration.ofSeconds(30);

    @Override
    public Path device() {
        return Path.of(attached.path());
    }

    @Override
    public CompletableFuture<Void> ended() {
        return attached.ended();
    }

    @Override
    public void fence(String reason) {
        fence.fence(reason);
    }

    @Override
    public String detach() {
        boolean byOthers = attached.ended().isDone();
        boolean clean = attached.detach(DETACH_WAIT);
        return attached.path() + " detached" + (byOthers ? "" : clean ? " on shutdown" : " (forcibly)");
    }
}
