package io.lunbridge.app.store;

import io.lunbridge.protocol.input.Excerpt;
import java.util.Locale;

/** Whether {@code lunbridge daemon} logs in to a stored target at start (open-iscsi's node.startup). */
public enum Startup {
    /** Only when asked (attach, login): the default. */
    MANUAL,
    /** At daemon start and after a reload that adds it. */
    AUTOMATIC;

    /** The stored and shown form: {@code manual} or {@code automatic}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code manual} or {@code automatic}.
     *
     * @throws StoreException naming the key {@code startup} and the value
     */
    public static Startup parse(String value) {
        for (Startup s : values()) {
            if (s.text().equals(value)) {
                return s;
            }
        }
        throw new StoreException("startup: expected 'manual' or 'automatic', found '" + Excerpt.of(value) + "'");
    }
}
