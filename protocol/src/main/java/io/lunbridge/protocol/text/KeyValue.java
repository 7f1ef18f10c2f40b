package io.lunbridge.protocol.text;

import java.util.Objects;

/**
 * One {@code key=value} pair of iSCSI text (RFC 7143 §6.1). The key name is validated with
 * {@link TextCodec#checkKeyName(String)}; the value is kept as its text, typed interpretation is the
 * negotiation engine's job.
 *
 * @param key the key name, e.g. {@code MaxBurstLength}
 * @param value the value as text (may be empty, never null)
 */
public record KeyValue(String key, String value) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value of key " + key);
        TextCodec.checkKeyName(key);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
