package io.lunbridge.it.harness;

import java.util.Objects;

/**
 * A CHAP user name and secret for configuring test targets.
 *
 * @param user   the CHAP name
 * @param secret the CHAP secret; never shown by {@link #toString()}
 */
public record ChapCredential(String user, String secret) {

    /** Validates that neither part is empty nor contains characters that break config files. */
    public ChapCredential {
        Objects.requireNonNull(user, "CHAP user");
        Objects.requireNonNull(secret, "CHAP secret");
        if (user.isEmpty() || user.contains("\"") || user.contains("\n")) {
            throw new IllegalArgumentException("CHAP user must be non-empty without quotes or newlines: '" + user + "'");
        }
        if (secret.isEmpty() || secret.contains("\"") || secret.contains("\n")) {
            throw new IllegalArgumentException("CHAP secret for user '" + user
                    + "' must be non-empty without quotes or newlines");
        }
    }

    /** The {@code user%secret@} part of a libiscsi URL ({@code iscsi://user%secret@host/...}). */
    public String libiscsiUserInfo() {
        return user + "%" + secret + "@";
    }

    @Override
    public String toString() {
        return "ChapCredential[user=" + user + ", secret=***]";
    }
}
