package io.lunbridge.app.discovery;

import java.util.stream.Collectors;

/**
 * Finds one target among what the discovery policy found, so that verbs can take just a target
 * name: its portal and credentials come from the record.
 */
public final class TargetLookup {
    private TargetLookup() {
    }

    /**
     * The record for {@code target}.
     *
     * @throws IllegalArgumentException naming what each method found (or its error) when absent
     */
    public static TargetRecord find(DiscoveryPolicy.Result result, String target) {
        return result.targets().stream().filter(t -> t.name().orElse("").equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("target " + target + " was not found by discovery.policy ("
                        + result.methods().stream().map(m -> m.method() + " " + m.where() + ": " + m.error()
                                .map(e -> "error: " + e).orElse(m.records().size() + " targets"))
                        .collect(Collectors.joining("; ")) + "); give --portal or add it to a discovery source"));
    }
}
