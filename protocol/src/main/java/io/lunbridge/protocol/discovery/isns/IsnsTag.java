package io.lunbridge.protocol.discovery.isns;

/**
 * The iSNS attribute tags this client writes or reads (RFC 4171 §6.1), with their names for error
 * messages and logs. Attributes with other tags are still decoded (as raw values) and can be
 * described by {@link #describe(int)}.
 */
public enum IsnsTag {
    DELIMITER(0, "Delimiter", Kind.NONE),
    ENTITY_IDENTIFIER(1, "Entity Identifier", Kind.STRING),
    ENTITY_PROTOCOL(2, "Entity Protocol", Kind.UINT32),
    TIMESTAMP(4, "Timestamp", Kind.UINT64),
    REGISTRATION_PERIOD(6, "Registration Period", Kind.UINT32),
    PORTAL_IP_ADDRESS(16, "Portal IP Address", Kind.IP_ADDRESS),
    PORTAL_PORT(17, "Portal TCP/UDP Port", Kind.UINT32),
    PORTAL_SYMBOLIC_NAME(18, "Portal Symbolic Name", Kind.STRING),
    ESI_INTERVAL(19, "ESI Interval", Kind.UINT32),
    ESI_PORT(20, "ESI Port", Kind.UINT32),
    SCN_PORT(23, "SCN Port", Kind.UINT32),
    ISCSI_NAME(32, "iSCSI Name", Kind.STRING),
    ISCSI_NODE_TYPE(33, "iSCSI Node Type", Kind.UINT32),
    ISCSI_ALIAS(34, "iSCSI Alias", Kind.STRING),
    ISCSI_SCN_BITMAP(35, "iSCSI SCN Bitmap", Kind.UINT32),
    PG_ISCSI_NAME(48, "PG iSCSI Name", Kind.STRING),
    PG_PORTAL_IP_ADDRESS(49, "PG Portal IP Addr", Kind.IP_ADDRESS),
    PG_PORTAL_PORT(50, "PG Portal TCP/UDP Port", Kind.UINT32),
    PG_TAG(51, "PG Tag", Kind.UINT32),
    DD_ID(2065, "DD_ID", Kind.UINT32);

    /** How a tag's value is encoded; the decoder checks the length against it. */
    public enum Kind {
        /** No value (the delimiter). */
        NONE,
        /** UTF-8, NUL-terminated, padded with NULs to a multiple of 4 bytes. */
        STRING,
        /** 4-byte unsigned integer. */
        UINT32,
        /** 8-byte unsigned integer. */
        UINT64,
        /** 16-byte IPv6 address; IPv4 as an IPv4-mapped address. */
        IP_ADDRESS
    }

    private final int code;
    private final String displayName;
    private final Kind kind;

    IsnsTag(int code, String displayName, Kind kind) {
        this.code = code;
        this.displayName = displayName;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The tag for a code, or null if this client does not know it. */
    public static IsnsTag of(int tag) {
        for (IsnsTag t : values()) {
            if (t.code == tag) {
                return t;
            }
        }
        return null;
    }

    public int code() {
        return code;
    }

    public String displayName() {
        return displayName;
    }

    /** "32 (iSCSI Name)" for known tags, "1234 (unknown)" otherwise. */
    public static String describe(int tag) {
        for (IsnsTag t : values()) {
            if (t.code == tag) {
                return tag + " (" + t.displayName + ")";
            }
        }
        return Integer.toUnsignedString(tag) + " (unknown)";
    }
}
