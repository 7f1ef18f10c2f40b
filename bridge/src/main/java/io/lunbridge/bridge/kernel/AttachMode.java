package io.lunbridge.bridge.kernel;

import java.util.Locale;

/** How the kernel's nbd driver is driven: generic netlink, the ioctl interface, or the best available. */
public enum AttachMode {
    /** Generic netlink family "nbd" (kernel ≥ 4.12): NBD_CMD_CONNECT / DISCONNECT / STATUS. */
    NETLINK,
    /** The ioctl interface on /dev/nbdN: NBD_SET_SOCK … NBD_DO_IT on a thread of its own. */
    IOCTL,
    /** Netlink if the family is registered, else ioctl if /dev/nbd0 exists. */
    AUTO;

    /** Parses "netlink", "ioctl" or "auto" (any case). */
    public static AttachMode parse(String value) {
        for (AttachMode m : values()) {
            if (m.name().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--mode '" + value + "': expected netlink, ioctl or auto");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
