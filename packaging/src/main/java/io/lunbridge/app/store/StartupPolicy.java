package io.lunbridge.app.store;

import java.util.Objects;

/**
 * What {@code lunbridge daemon} does with a stored target: log in at start or not, and which LUNs
 * to attach.
 *
 * @param startup manual (the default) or automatic
 * @param luns the LUNs to attach, all by default
 */
public record StartupPolicy(Startup startup, LunAllowList luns) {
    /** Manual, all LUNs: every target stored before the daemon existed. */
    public static final StartupPolicy DEFAULT = new StartupPolicy(Startup.MANUAL, LunAllowList.ALL);

    public StartupPolicy {
        Objects.requireNonNull(startup, "startup");
        Objects.requireNonNull(luns, "luns");
    }

    public StartupPolicy withStartup(Startup s) {
        return new StartupPolicy(s, luns);
    }

    public StartupPolicy withLuns(LunAllowList l) {
        return new StartupPolicy(startup, l);
    }

    /** {@code startup: automatic  luns: 0,2}. */
    @Override
    public String toString() {
        return "startup: " + startup.text() + "  luns: " + luns.text();
    }
}
