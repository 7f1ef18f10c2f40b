package io.lunbridge.protocol.discovery.isns;

import java.util.List;

/**
 * An iSCSI target node visible to the initiator through iSNS: its iSCSI name, alias (empty
 * string if none) and portals. This package's own value; the discovery layer maps it to its
 * common portal type.
 */
public record IsnsTarget(String name, String alias, List<IsnsPortal> portals) {
    public IsnsTarget {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("target name is empty");
        }
        alias = alias == null ? "" : alias;
        portals = List.copyOf(portals);
    }
}
