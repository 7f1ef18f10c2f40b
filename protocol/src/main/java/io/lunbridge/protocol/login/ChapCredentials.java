package io.lunbridge.protocol.login;

import java.util.Objects;
import java.util.Optional;

/**
 * CHAP configuration of one login: the name and secret the initiator authenticates with and,
 * for mutual CHAP, what the target must prove. {@code toString()} shows no secret.
 *
 * @param name CHAP_N to send, or null to use the initiator name
 * @param secret the initiator's secret
 * @param mutual the target's credentials when the target must authenticate too
 */
public record ChapCredentials(String name, Secret secret, Optional<MutualChap> mutual) {
    public ChapCredentials {
        Objects.requireNonNull(secret, "CHAP secret");
        Objects.requireNonNull(mutual, "mutual (use Optional.empty())");
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("CHAP name is empty; omit it to use the initiator name");
        }
        if (mutual.isPresent() && mutual.get().secret().sameAs(secret)) {
            throw new IllegalArgumentException("mutual CHAP needs two different secrets: the target's secret"
                    + " is the same as the initiator's (RFC 7143 §12.1.3 forbids it; it enables reflection attacks)");
        }
    }

    /** One-way CHAP: only the initiator authenticates. */
    public static ChapCredentials oneWay(String name, Secret secret) {
        return new ChapCredentials(name, secret, Optional.empty());
    }
}
