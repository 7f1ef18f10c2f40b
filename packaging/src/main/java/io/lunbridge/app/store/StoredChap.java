package io.lunbridge.app.store;

import io.lunbridge.protocol.discovery.targetsfile.ChapSecretValue;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.login.MutualChap;
import io.lunbridge.protocol.login.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * CHAP credentials kept for one target. {@link #toString()} and {@link #describe()} never show a
 * secret; only {@link #toCredentials(String)} hands them to the login code.
 *
 * @param name CHAP_N the initiator sends; empty means "the initiator name"
 * @param secret the secret the initiator proves
 * @param mutualName the CHAP_N the target must send for mutual CHAP; empty means "any"
 * @param mutualSecret the secret the target must prove; present enables mutual CHAP
 */
public record StoredChap(Optional<String> name, ChapSecretValue secret, Optional<String> mutualName,
        Optional<ChapSecretValue> mutualSecret) {

    /** Validates the names and refuses a mutual secret equal to the initiator's (RFC 7143 §12.1.3). */
    public StoredChap {
        Objects.requireNonNull(secret, "CHAP secret");
        Objects.requireNonNull(mutualSecret, "mutual secret (use Optional.empty())");
        name.ifPresent(n -> FieldRules.chapName("CHAP name", n));
        mutualName.ifPresent(n -> FieldRules.chapName("target CHAP name", n));
        if (mutualName.isPresent() && mutualSecret.isEmpty()) {
            throw new StoreException("target CHAP name: needs a target CHAP secret (mutual CHAP)");
        }
        if (mutualSecret.isPresent() && mutualSecret.get().equals(secret)) {
            throw new StoreException("target CHAP secret: must differ from the initiator's CHAP secret"
                    + " (RFC 7143 §12.1.3 forbids reusing it; it enables reflection attacks)");
        }
    }

    /** One-way CHAP with the given name (empty: the initiator name). */
    public static StoredChap oneWay(Optional<String> name, ChapSecretValue secret) {
        return new StoredChap(name, secret, Optional.empty(), Optional.empty());
    }

    /** True when the target must authenticate too. */
    public boolean isMutual() {
        return mutualSecret.isPresent();
    }

    /** "set (name NAME)" or "set (name NAME, mutual)": what list and show print instead of secrets. */
    public String describe() {
        String who = name.orElse("<initiator name>");
        if (!isMutual()) {
            return "set (name " + who + ")";
        }
        return "set (name " + who + ", mutual, target name " + mutualName.orElse("<any>") + ")";
    }

    /**
     * The credentials for a login to the target {@code target} (named in secret-free warnings).
     */
    public ChapCredentials toCredentials(String target) {
        String source = "the store (target " + target + ")";
        Optional<MutualChap> mutual = mutualSecret.map(s ->
                new MutualChap(mutualName.orElse(null), Secret.of(s.reveal(), source)));
        return new ChapCredentials(name.orElse(null), Secret.of(secret.reveal(), source), mutual);
    }

    @Override
    public String toString() {
        return "StoredChap[" + describe() + "]";
    }
}
