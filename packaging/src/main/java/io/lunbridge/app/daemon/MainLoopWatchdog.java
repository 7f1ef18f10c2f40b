package io.lunbridge.app.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * systemd's watchdog, pinged by the daemon's main thread itself: the main loop asks
 * {@link #waitAtMost} how long its event wait may last and calls {@link #alive()} each time it
 * wakes, which sends {@code WATCHDOG=1} when the interval (half of {@code WATCHDOG_USEC}) has
 * passed since the last ping. No other thread pings, so a main thread stuck in an attach, a detach
 * or a lock stops the pings and systemd restarts the unit. Main thread only; not thread-safe.
 */
final class MainLoopWatchdog {
    private static final Logger LOG = LogManager.getLogger(MainLoopWatchdog.class);

    private final SdNotify notify;
    private final Optional<Duration> every;
    private final LongSupplier nanoTime;
    private long lastPing;
    private boolean pinged;

    MainLoopWatchdog(SdNotify notify, LongSupplier nanoTime) {
        this.notify = notify;
        this.every = notify.enabled() ? notify.watchdogInterval() : Optional.empty();
        this.nanoTime = nanoTime;
        every.ifPresent(d -> LOG.info("systemd watchdog: WATCHDOG=1 from the main loop every {} ms", d.toMillis()));
    }

    MainLoopWatchdog(SdNotify notify) {
        this(notify, System::nanoTime);
    }

    /** {@code max}, or less when the next ping is due sooner (at least 1 ms). */
    Duration waitAtMost(Duration max) {
        if (every.isEmpty()) {
            return max;
        }
        long left = pinged ? every.get().toNanos() - (nanoTime.getAsLong() - lastPing) : 0;
        return Duration.ofNanos(Math.max(1_000_000, Math.min(max.toNanos(), left)));
    }

    /** The main loop is running: pings when a ping is due. A send failure is logged, never fatal. */
    void alive() {
        if (every.isEmpty()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (pinged && now - lastPing < every.get().toNanos()) {
            return;
        }
        lastPing = now;
        pinged = true;
        try {
            notify.watchdog();
        } catch (IOException e) {
            LOG.warn("sd_notify: {}", e.getMessage());
        }
    }
}
