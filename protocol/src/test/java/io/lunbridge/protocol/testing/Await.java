package io.lunbridge.protocol.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition in unit tests of every module (shared through protocol's test-jar): polled at
 * once, then with pauses growing from 1 ms to 50 ms, until it holds or the deadline passes, which
 * fails the test naming the condition. Never a fixed sleep, never an unbounded wait. (The
 * integration tests have their own {@code harness.Await}, which adds a peer's diagnostics.)
 */
public final class Await {
    /** A deadline generous for a loaded 2-core machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    /** Waits until {@code condition} holds, at most {@link #DEFAULT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; else fails naming {@code what}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = Duration.ofMillis(1).toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting until " + what);
            }
            pause = Math.min(pause * 2, Duration.ofMillis(50).toNanos());
        }
    }
}
