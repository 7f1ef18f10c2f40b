package io.lunbridge.protocol.discovery;

import java.util.List;
import java.util.Objects;

/**
 * One target listed by a discovery source, with the portals it can be reached through.
 *
 * @param name the target's iSCSI name
 * @param portals its portals, in the order the source listed them (never empty)
 */
public record DiscoveredTarget(String name, List<Portal> portals) {
    public DiscoveredTarget {
        Objects.requireNonNull(name, "name");
        portals = List.copyOf(portals);
        if (portals.isEmpty()) {
            throw new IllegalArgumentException("target " + name + " has no portal");
        }
    }
}
