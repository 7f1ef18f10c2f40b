package io.lunbridge.mpio;

import java.util.Locale;

/**
 * How a device chooses among its usable paths (multipath-tools' names):
 * <ul>
 *   <li>{@code failover}: one path at a time, the first by priority (ALUA state, then the order
 *       the paths were given); the default;</li>
 *   <li>{@code round-robin}: each command to the next path;</li>
 *   <li>{@code queue-length}: the path with the fewest commands in flight;</li>
 *   <li>{@code service-time}: the path with the fewest bytes in flight.</li>
 * </ul>
 */
public enum SelectorPolicy {
    FAILOVER("failover"), ROUND_ROBIN("round-robin"), QUEUE_LENGTH("queue-length"), SERVICE_TIME("service-time");

    private final String text;

    SelectorPolicy(String text) {
        this.text = text;
    }

    /** The name used in the configuration and on the command line. */
    public String text() {
        return text;
    }

    /**
     * Parses a policy name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static SelectorPolicy parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (SelectorPolicy p : values()) {
            if (p.text.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown path selection policy '" + value
                + "' (expected failover, round-robin, queue-length or service-time)");
    }
}
