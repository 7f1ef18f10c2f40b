package io.lunbridge.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Lets a foreground verb (serve, attach) run until SIGTERM/SIGINT and still finish its orderly stop:
 * the JVM shutdown hook only signals {@link #stopRequested()} and then waits until {@link #close()},
 * so in-flight requests drain, devices detach and the session logs out before the JVM exits.
 */
final class ShutdownGate implements AutoCloseable {
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final CountDownLatch done = new CountDownLatch(1);

    ShutdownGate(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.complete(null);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown"));
    }

    /** Completes when SIGTERM or SIGINT arrived. */
    CompletableFuture<Void> stopRequested() {
        return stopRequested;
    }

    /** Lets the JVM exit: call once the orderly stop is complete (also on failure). */
    @Override
    public void close() {
        done.countDown();
    }
}
