package io.lunbridge.cli;

import io.lunbridge.mpio.ReplacementTimeout;
import java.util.Optional;

/**
 * The nbd driver's own timers for one attached device, derived from the device's replacement
 * timeout so that the kernel never fails I/O sooner than lunbridge itself would (issue 8 item 8).
 *
 * <ul>
 *   <li>Request timeout (NBD_ATTR_TIMEOUT, NBD_SET_TIMEOUT; {@code --timeout}): when it fires on a
 *       device with one connection the driver shuts the socket down, so lunbridge's own queueing
 *       (up to the replacement timeout) would be cut short. Allowed: 0 (the default: the driver only
 *       warns and re-arms), or more than the replacement window plus {@link #MARGIN_SECONDS}; with
 *       {@code queue} only 0.</li>
 *   <li>Dead-connection timeout (NBD_ATTR_DEAD_CONN_TIMEOUT, netlink only; {@code
 *       --dead-conn-timeout}): how long I/O issued after the connection died (the serving process
 *       was killed) waits in the driver for a new one before EIO; 0 there means "fail at once". By
 *       default the replacement window plus {@link #MARGIN_SECONDS}, so that a dead server never
 *       fails I/O sooner than a lost path does; {@code queue} gets {@link #MAX_SECONDS} (a year: as
 *       good as forever, while {@code lunbridge detach} of the stale device fails the waiting I/O at
 *       once). The driver multiplies the value by HZ into a signed jiffies count: a value that
 *       overflowed it would not wait at all, hence the ceiling.</li>
 * </ul>
 *
 * @param requestSeconds the request timeout handed to the kernel
 * @param deadConnSeconds the dead-connection timeout handed to the kernel (netlink)
 * @param replacement the device's replacement timeout they were derived from
 * @param overridden whether {@code deadConnSeconds} came from {@code --dead-conn-timeout}
 */
record KernelTimeouts(long requestSeconds, long deadConnSeconds, ReplacementTimeout replacement, boolean overridden) {
    /** Added to the replacement window: the kernel's timer expires after lunbridge's own. */
    static final long MARGIN_SECONDS = 30;
    /** The ceiling of the dead-connection timeout: the longest replacement timeout (365 days). */
    static final long MAX_SECONDS = 31_536_000L;
    /** The ceiling of the request timeout: the driver keeps it as 32-bit jiffies (HZ up to 1000). */
    static final long MAX_REQUEST_SECONDS = 4_294_967L;

    /**
     * The timers for a device with {@code replacement}.
     *
     * @param requestSeconds {@code --timeout}
     * @param deadConnOverride {@code --dead-conn-timeout}, or empty to derive it
     * @throws IllegalArgumentException naming the option, its value and the allowed range
     */
    static KernelTimeouts of(ReplacementTimeout replacement, long requestSeconds, Optional<Long> deadConnOverride) {
        checkOptions(requestSeconds, deadConnOverride);
        Optional<Long> window = replacement.limit().map(d -> d.toSeconds());
        if (requestSeconds > 0 && (window.isEmpty() || requestSeconds <= window.get() + MARGIN_SECONDS)) {
            throw new IllegalArgumentException("--timeout " + requestSeconds + ": the kernel would shut the device's "
                    + "connection down before lunbridge stops queueing I/O (replacement timeout " + replacement
                    + (window.isEmpty() ? "): only 0 is allowed with 'queue'"
                    : " s): use 0 or more than " + (window.get() + MARGIN_SECONDS) + " s"));
        }
        long deadConn = deadConnOverride.orElseGet(() -> window.map(w -> Math.min(w + MARGIN_SECONDS, MAX_SECONDS))
                .orElse(MAX_SECONDS));
        return new KernelTimeouts(requestSeconds, deadConn, replacement, deadConnOverride.isPresent());
    }

    /**
     * Checks the options on their own, before anything is logged in to.
     *
     * @throws IllegalArgumentException naming the option and the allowed range
     */
    static void checkOptions(long requestSeconds, Optional<Long> deadConnOverride) {
        if (requestSeconds < 0 || requestSeconds > MAX_REQUEST_SECONDS) {
            throw new IllegalArgumentException("--timeout " + requestSeconds + ": out of range 0.." + MAX_REQUEST_SECONDS
                    + " seconds");
        }
        deadConnOverride.filter(s -> s < 0 || s > MAX_SECONDS).ifPresent(s -> {
            throw new IllegalArgumentException("--dead-conn-timeout " + s + ": out of range 0.." + MAX_SECONDS
                    + " seconds");
        });
    }

    /** A warning when an override lets the kernel fail I/O sooner than the replacement timeout would. */
    Optional<String> warning() {
        if (!overridden) {
            return Optional.empty();
        }
        Optional<Long> window = replacement.limit().map(d -> d.toSeconds());
        if (deadConnSeconds == 0) {
            return Optional.of("--dead-conn-timeout 0: I/O fails at once if the connection to the kernel dies "
                    + "(replacement timeout " + replacement + ")");
        }
        if (window.isEmpty() || deadConnSeconds < window.get()) {
            return Optional.of("--dead-conn-timeout " + deadConnSeconds + " is shorter than the replacement timeout "
                    + replacement + ": if the connection to the kernel dies, I/O fails after " + deadConnSeconds + " s");
        }
        return Optional.empty();
    }

    /** "dead-connection timeout 150 s", as the attach line shows it. */
    String describeDeadConn() {
        return "dead-connection timeout " + deadConnSeconds + " s";
    }
}
