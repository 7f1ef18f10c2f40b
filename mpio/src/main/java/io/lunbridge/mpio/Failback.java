package io.lunbridge.mpio;

import java.time.Duration;
import java.util.Locale;

/**
 * When a device with the {@code failover} policy moves back to a better path that came back:
 * {@code immediate}, {@code manual} (never by itself: the current path stays while it works), or
 * after the better path has been ACTIVE for {@code delay}.
 *
 * @param manual never fail back automatically
 * @param delay how long a returned path must stay ACTIVE first (zero: immediate)
 */
public record Failback(boolean manual, Duration delay) {
    public static final Failback IMMEDIATE = new Failback(false, Duration.ZERO);
    public static final Failback MANUAL = new Failback(true, Duration.ZERO);

    /**
     * Parses {@code immediate}, {@code manual} or a number of seconds.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static Failback parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("immediate")) {
            return IMMEDIATE;
        }
        if (v.equals("manual")) {
            return MANUAL;
        }
        try {
            long seconds = Long.parseLong(v);
            if (seconds < 0 || seconds > 86_400) {
                throw new IllegalArgumentException("failback '" + value + "': seconds out of range 0..86400");
            }
            return new Failback(false, Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failback '" + value + "': expected immediate, manual or a number of seconds");
        }
    }

    @Override
    public String toString() {
        return manual ? "manual" : delay.isZero() ? "immediate" : Long.toString(delay.toSeconds());
    }
}
