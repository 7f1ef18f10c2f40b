package io.lunbridge.mpio;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a QUEUEING {@link MultipathDevice} gives up: the replacement timeout counted from the moment
 * the device started queueing, and the one timer that fires then. A change of the timeout keeps the
 * start (only the end moves). Event loop only.
 */
final class QueueingDeadline {
    private final EventLoop loop;
    private final LongSupplier clock;
    private long sinceNanos;
    private ScheduledFuture<?> timer;

    QueueingDeadline(EventLoop loop, LongSupplier clock) {
        this.loop = loop;
        this.clock = clock;
    }

    /** The device starts queueing now. */
    void start() {
        sinceNanos = clock.getAsLong();
    }

    /** Nanoseconds left of {@code timeout} (negative once passed); only for a limited timeout. */
    long remainingNanos(ReplacementTimeout timeout) {
        return sinceNanos + timeout.limit().orElseThrow().toNanos() - clock.getAsLong();
    }

    /** (Re)arms the timer to run {@code expire} when {@code timeout} ends; none for a timeout of forever. */
    void schedule(ReplacementTimeout timeout, Runnable expire) {
        cancel();
        if (timeout.forever()) {
            return;
        }
        timer = loop.schedule(expire, Math.max(0, remainingNanos(timeout)), TimeUnit.NANOSECONDS);
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
