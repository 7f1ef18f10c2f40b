package io.lunbridge.cli;

import io.lunbridge.app.PortalAddress;
import io.lunbridge.app.store.StoredPortal;
import java.util.List;

/**
 * A portal given to {@code target add}: {@code HOST[:PORT][,TPGT]} ({@code [IPV6]:PORT,TPGT} for
 * IPv6), the port defaulting to 3260 and the group tag to unknown.
 */
final class PortalSpec {
    private PortalSpec() {
    }

    static StoredPortal parse(String text, List<String> interfaces) {
        String address = text;
        int tag = -1;
        int comma = text.lastIndexOf(',');
        if (comma >= 0) {
            address = text.substring(0, comma);
            String t = text.substring(comma + 1);
            try {
                tag = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--portal '" + text + "': portal group tag '" + t
                        + "' is not a number");
            }
            if (tag < 0 || tag > 65535) {
                throw new IllegalArgumentException("--portal '" + text + "': portal group tag " + tag
                        + " out of range 0..65535");
            }
        }
        PortalAddress a = PortalAddress.parse(address);
        try {
            return new StoredPortal(a.host(), a.port(), tag, interfaces);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--portal '" + text + "': " + e.getMessage(), e);
        }
    }
}
