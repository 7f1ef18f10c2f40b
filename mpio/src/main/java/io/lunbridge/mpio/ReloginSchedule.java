package io.lunbridge.mpio;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * When a failed path logs in again (pure; times in nanoseconds from any monotonic clock):
 * exponential back-off from {@code max(reloginMin, DefaultTime2Wait)} doubling to
 * {@code reloginMax}, reset by a successful login or by the interface coming back up; and flap
 * damping: a path that failed {@code flapThreshold} times within {@code flapWindow} is marginal and
 * held out for {@code flapRecovery} instead of being reinstated at once (multipath-tools'
 * san_path_err_* idea).
 */
final class ReloginSchedule {
    private final MpioSettings settings;
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private long delayNanos;
    private long nextAttemptNanos;
    private long heldUntilNanos;

    ReloginSchedule(MpioSettings settings) {
        this.settings = settings;
        this.delayNanos = settings.reloginMin().toNanos();
    }

    /**
     * A login attempt failed, or a session failed, at {@code now}; {@code time2Wait} is the target's
     * DefaultTime2Wait (zero when unknown). Returns the time of the next attempt.
     */
    long onFailure(long now, Duration time2Wait) {
        failures.addLast(now);
        long window = settings.flapWindow().toNanos();
        while (!failures.isEmpty() && now - failures.peekFirst() > window) {
            failures.removeFirst();
        }
        long delay = Math.max(delayNanos, time2Wait.toNanos());
        nextAttemptNanos = now + delay;
        delayNanos = Math.min(delay * 2, settings.reloginMax().toNanos());
        if (failures.size() >= settings.flapThreshold()) {
            heldUntilNanos = now + settings.flapRecovery().toNanos();
            failures.clear();
        }
        if (heldUntilNanos - nextAttemptNanos > 0) {
            nextAttemptNanos = heldUntilNanos;
        }
        return nextAttemptNanos;
    }

    /** A login succeeded: the next failure starts the back-off from the minimum again. */
    void onSuccess() {
        delayNanos = settings.reloginMin().toNanos();
    }

    /** The path's interface came back up at {@code now}: try again at once (unless held out). */
    long onInterfaceUp(long now) {
        delayNanos = settings.reloginMin().toNanos();
        nextAttemptNanos = heldUntilNanos - now > 0 ? heldUntilNanos : now;
        return nextAttemptNanos;
    }

    long nextAttemptNanos() {
        return nextAttemptNanos;
    }

    /** Whether the path is held out as marginal at {@code now}. */
    boolean marginal(long now) {
        return heldUntilNanos - now > 0;
    }
}
