package io.lunbridge.mpio;

import java.time.Duration;
import java.util.Objects;

/**
 * How a multipath device behaves (the {@code mpio.*} configuration keys).
 *
 * @param policy path selection
 * @param failback when to return to a better path
 * @param replacementTimeout how long I/O queues with no usable path
 * @param pollingInterval the path checker's TEST UNIT READY interval; doubles while healthy up to
 *     {@code 4 x} and returns to it after a failure
 * @param reloginMin the first re-login delay after a failure (at least the target's DefaultTime2Wait)
 * @param reloginMax the cap of the doubling re-login delay
 * @param flapThreshold failures within {@code flapWindow} that make a path marginal
 * @param flapWindow see {@code flapThreshold}
 * @param flapRecovery how long a marginal path is held out before it may be reinstated
 */
public record MpioSettings(SelectorPolicy policy, Failback failback, ReplacementTimeout replacementTimeout,
                           Duration pollingInterval, Duration reloginMin, Duration reloginMax,
                           int flapThreshold, Duration flapWindow, Duration flapRecovery) {
    public MpioSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(failback, "failback");
        Objects.requireNonNull(replacementTimeout, "replacementTimeout");
        if (pollingInterval.isNegative() || pollingInterval.isZero()) {
            throw new IllegalArgumentException("polling interval must be positive, got " + pollingInterval);
        }
        if (reloginMin.compareTo(reloginMax) > 0) {
            throw new IllegalArgumentException("re-login delay minimum " + reloginMin + " exceeds the maximum " + reloginMax);
        }
        if (flapThreshold < 1) {
            throw new IllegalArgumentException("flap threshold must be at least 1, got " + flapThreshold);
        }
    }

    public static MpioSettings defaults() {
        return new MpioSettings(SelectorPolicy.FAILOVER, Failback.IMMEDIATE, ReplacementTimeout.DEFAULT,
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(16),
                5, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    public MpioSettings withPolicy(SelectorPolicy p) {
        return new MpioSettings(p, failback, replacementTimeout, pollingInterval, reloginMin, reloginMax,
                flapThreshold, flapWindow, flapRecovery);
    }

    public MpioSettings withFailback(Failback f) {
        return new MpioSettings(policy, f, replacementTimeout, pollingInterval, reloginMin, reloginMax,
                flapThreshold, flapWindow, flapRecovery);
    }

    public MpioSettings withReplacementTimeout(ReplacementTimeout t) {
        return new MpioSettings(policy, failback, t, pollingInterval, reloginMin, reloginMax,
                flapThreshold, flapWindow, flapRecovery);
    }

    public MpioSettings withPollingInterval(Duration d) {
        return new MpioSettings(policy, failback, replacementTimeout, d, reloginMin, reloginMax,
                flapThreshold, flapWindow, flapRecovery);
    }

    public MpioSettings withRelogin(Duration min, Duration max) {
        return new MpioSettings(policy, failback, replacementTimeout, pollingInterval, min, max,
                flapThreshold, flapWindow, flapRecovery);
    }

    public MpioSettings withFlapDamping(int threshold, Duration window, Duration recovery) {
        return new MpioSettings(policy, failback, replacementTimeout, pollingInterval, reloginMin, reloginMax,
                threshold, window, recovery);
    }
}
