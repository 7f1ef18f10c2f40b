package io.lunbridge.protocol.discovery.isns;

import java.util.OptionalInt;

/**
 * A portal through which an iSNS-registered target is reached: address, TCP port and the
 * target portal group tag from the target's Portal Group object (empty if the server returned
 * no Portal Group for it).
 */
public record IsnsPortal(String host, int port, OptionalInt groupTag) {
    public IsnsPortal {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("portal host is empty");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("portal port " + port + " is not in 1..65535");
        }
    }
}
