package io.lunbridge.app.store;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;

/**
 * What {@link ConfigStore#mergeDiscovered} did to one target.
 *
 * @param name the target
 * @param added true when the target was new to the store
 * @param changes what discovery added or updated, e.g. "portal 198.18.0.3:3260 added"
 * @param kept the user-set fields discovery disagreed with and left alone, e.g. "alias 'db' (yours)"
 */
public record MergeResult(IscsiName name, boolean added, List<String> changes, List<String> kept) {
    public MergeResult {
        changes = List.copyOf(changes);
        kept = List.copyOf(kept);
    }

    /** "added", "updated: …", or "unchanged", followed by what was kept. */
    public String describe() {
        String s = added ? "added" : changes.isEmpty() ? "unchanged" : "updated: " + String.join(", ", changes);
        return kept.isEmpty() ? s : s + "; kept " + String.join(", ", kept);
    }
}
