package io.lunbridge.protocol.login;

import java.util.Objects;

/**
 * The target side of mutual CHAP: the secret the target must prove it knows, and optionally the
 * CHAP name it must present.
 *
 * @param expectedName the CHAP_N the target must send, or null to accept any name
 * @param secret the target's secret (must differ from the initiator's)
 */
public record MutualChap(String expectedName, Secret secret) {
    public MutualChap {
        Objects.requireNonNull(secret, "mutual CHAP secret");
        if (expectedName != null && expectedName.isEmpty()) {
            throw new IllegalArgumentException("mutual CHAP expected target name is empty; omit it instead");
        }
    }
}
