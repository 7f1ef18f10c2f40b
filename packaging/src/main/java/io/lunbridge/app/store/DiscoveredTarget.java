package io.lunbridge.app.store;

import io.lunbridge.protocol.naming.IscsiName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A target as a discovery method reported it, to be merged into the store by
 * {@link ConfigStore#mergeDiscovered}. Only what discovery can know: portals and an alias; never
 * attach preferences, the boot flag or CHAP secrets (a targets file with secrets goes into the store
 * with {@code target import}, a deliberate step).
 *
 * @param name the target's iSCSI name
 * @param portals where it listens, at least one
 * @param alias its TargetAlias, if it reported one
 * @param source the discovery method and place, e.g. "isns 198.18.0.5:3205"
 */
public record DiscoveredTarget(IscsiName name, List<StoredPortal> portals, Optional<String> alias, String source) {
    public DiscoveredTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        portals = List.copyOf(portals);
        alias = alias.filter(a -> !a.isBlank());
        if (portals.isEmpty()) {
            throw new StoreException("discovered target " + name + " (" + source + ") has no portal");
        }
    }
}
