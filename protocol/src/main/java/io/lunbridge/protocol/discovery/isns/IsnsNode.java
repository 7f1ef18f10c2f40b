package io.lunbridge.protocol.discovery.isns;

/**
 * Who this initiator is to the iSNS server: its iSCSI name (the Source attribute of every
 * request), the Network Entity identifier it registers under, an optional alias, and the
 * registration period it asks for in seconds (0 = let the server choose).
 */
public record IsnsNode(String iscsiName, String entityId, String alias, long registrationPeriodSeconds) {
    public IsnsNode {
        if (iscsiName == null || iscsiName.isBlank()) {
            throw new IllegalArgumentException("initiator iSCSI name is empty");
        }
        if (entityId == null || entityId.isBlank()) {
            throw new IllegalArgumentException("iSNS entity identifier is empty");
        }
        alias = alias == null ? "" : alias;
        if (registrationPeriodSeconds < 0 || registrationPeriodSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("registration period " + registrationPeriodSeconds
                    + " s is not a 32-bit unsigned value");
        }
    }
}
