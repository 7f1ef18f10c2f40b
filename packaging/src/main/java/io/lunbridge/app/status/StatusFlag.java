package io.lunbridge.app.status;

/**
 * A remark about one LUN that {@code lunbridge status} shows with it, e.g. that its filesystem
 * needs checking after an I/O-failure episode.
 *
 * @param key a stable lower-case word for scripts (the JSON {@code flags[].key}), e.g. {@code needs-fsck}
 * @param text one line for people
 */
public record StatusFlag(String key, String text) {
    public StatusFlag {
        if (!key.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("status flag key '" + key + "': expected lower-case letters, digits and -");
        }
    }
}
