package io.lunbridge.mpio;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How long I/O waits while a device has no usable path before it fails with EIO (open-iscsi's
 * replacement_timeout, dm-multipath's no_path_retry): a duration (0 = fail at once), or
 * {@code queue} (wait forever).
 *
 * @param limit the wait, or empty to queue forever
 */
public record ReplacementTimeout(Optional<Duration> limit) {
    /** open-iscsi's default. */
    public static final ReplacementTimeout DEFAULT = new ReplacementTimeout(Optional.of(Duration.ofSeconds(120)));
    public static final ReplacementTimeout QUEUE = new ReplacementTimeout(Optional.empty());

    public static ReplacementTimeout ofSeconds(long seconds) {
        return new ReplacementTimeout(Optional.of(Duration.ofSeconds(seconds)));
    }

    /**
     * Parses a number of seconds (0..31536000) or {@code queue}.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static ReplacementTimeout parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("queue")) {
            return QUEUE;
        }
        try {
            long seconds = Long.parseLong(v);
            if (seconds < 0 || seconds > 31_536_000L) {
                throw new IllegalArgumentException("replacement timeout '" + value + "': out of range 0..31536000 seconds");
            }
            return ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replacement timeout '" + value
                    + "': expected a number of seconds or 'queue'");
        }
    }

    public boolean forever() {
        return limit.isEmpty();
    }

    @Override
    public String toString() {
        return limit.map(d -> Long.toString(d.toSeconds())).orElse("queue");
    }
}
