package io.lunbridge.bridge.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why the kernel refused PR_SET_IO_FLUSHER with EPERM: it needs CAP_SYS_RESOURCE in the effective
 * set. Running as root is not enough where the capability bounding set lacks it (containers, a
 * systemd unit's CapabilityBoundingSet): then no process here can ever get it, and the message says
 * so instead of asking for a capability root seems to have. Pure over /proc/self/status text.
 */
final class IoFlusherRefusal {
    static final int CAP_SYS_RESOURCE = 24;

    private IoFlusherRefusal() {
    }

    /** /proc/self/status, or "" if unreadable. */
    static String readStatus() {
        try {
            return Files.readString(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    /** The reason for the refusal, from the CapBnd and CapEff lines of {@code status}. */
    static String reason(String status) {
        Long bounding = mask(status, "CapBnd:");
        Long effective = mask(status, "CapEff:");
        if (bounding != null && !has(bounding)) {
            return "CAP_SYS_RESOURCE is not in this process's capability bounding set, so not even root gets it "
                    + "(a container or a CapabilityBoundingSet dropped it); grant it there to enable";
        }
        if (effective != null && !has(effective)) {
            return "this process lacks CAP_SYS_RESOURCE (run as root or with AmbientCapabilities=CAP_SYS_RESOURCE)";
        }
        return "EPERM although CAP_SYS_RESOURCE is effective";
    }

    private static boolean has(long mask) {
        return (mask & (1L << CAP_SYS_RESOURCE)) != 0;
    }

    private static Long mask(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                try {
                    return Long.parseUnsignedLong(line.substring(key.length()).trim(), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
