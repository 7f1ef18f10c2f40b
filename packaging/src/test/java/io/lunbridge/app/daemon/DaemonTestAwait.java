package io.lunbridge.app.daemon;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition in the daemon's unit tests (the test's timeout bounds it). */
final class DaemonTestAwait {
    private DaemonTestAwait() {
    }

    static void until(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
