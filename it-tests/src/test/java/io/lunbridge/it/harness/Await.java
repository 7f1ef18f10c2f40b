package io.lunbridge.it.harness;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline and a small exponential backoff.
 *
 * <p>Why: tests must never sleep for a fixed time and never wait without a bound. A condition
 * is polled first at once, then with pauses growing from 10 ms to 200 ms, until it holds or the
 * deadline passes; the failure message names the condition and carries a caller-supplied
 * diagnostic (e.g. a peer's log tail).
 */
public final class Await {

    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(10).toNanos();
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(200).toNanos();

    private Await() {
    }

    /**
     * Polls {@code condition} until it is true.
     *
     * @param what       description of the condition for the failure message
     * @param timeout    how long to wait at most
     * @param condition  the condition; exceptions it throws propagate
     * @param diagnostic evaluated only on timeout, appended to the message
     * @throws HarnessException when the deadline passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition,
                             Supplier<String> diagnostic) {
        if (!poll(timeout, condition)) {
            throw new HarnessException("timed out after " + timeout + " waiting until " + what
                    + "\n" + diagnostic.get());
        }
    }

    /** {@link #until(String, Duration, BooleanSupplier, Supplier)} without extra diagnostic. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** Polls {@code condition} until it is true or {@code timeout} passes; returns its last value. */
    public static boolean poll(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            if (Thread.currentThread().isInterrupted()) {
                throw new HarnessException("interrupted while waiting");
            }
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }
}
