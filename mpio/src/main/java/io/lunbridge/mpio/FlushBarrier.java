package io.lunbridge.mpio;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What makes a {@link MultipathDevice} flush cover the writes before it: every write, discard and
 * zero-write in flight is tracked until it completes (however often it is re-issued on other paths),
 * and a flush first waits for those in flight when it was called, whatever their outcome, then sends
 * SYNCHRONIZE CACHE. Thread-safe: writes and flushes come from any thread.
 */
final class FlushBarrier {
    private final Set<CompletableFuture<Void>> writesInFlight = ConcurrentHashMap.newKeySet();

    /** Tracks {@code write} until it completes; returns it. */
    CompletableFuture<Void> tracked(CompletableFuture<Void> write) {
        if (!write.isDone()) {
            writesInFlight.add(write);
            write.whenComplete((v, e) -> writesInFlight.remove(write));
        }
        return write;
    }

    /** Runs {@code flush} once every write in flight now has completed (at once if none is). */
    CompletableFuture<Void> flushAfterWrites(Supplier<CompletableFuture<Void>> flush) {
        CompletableFuture<?>[] covered = writesInFlight.toArray(new CompletableFuture<?>[0]);
        if (covered.length == 0) {
            return flush.get();
        }
        return CompletableFuture.allOf(covered).handle((v, e) -> null).thenCompose(v -> flush.get());
    }
}
