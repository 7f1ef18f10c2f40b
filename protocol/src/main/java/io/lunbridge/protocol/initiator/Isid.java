package io.lunbridge.protocol.initiator;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Initiator Session IDs (RFC 7143 §11.12.5) in the "random" format (T=10b): a 24-bit value derived
 * from the initiator name and a 16-bit qualifier derived from the target and the local address.
 * The ISID is therefore stable for one initiator, target and path, so that logging in again after
 * a failure reinstates the old session at the target instead of leaving it behind, while two paths
 * to the same target get different ISIDs (distinct I_T nexuses).
 */
public final class Isid {
    private Isid() {
    }

    /** The ISID, in the low 48 bits. */
    public static long of(String initiatorName, String targetName, InetAddress localAddress) {
        int base = hash(initiatorName) & 0xffffff;
        String path = (targetName == null ? "discovery" : targetName) + "|"
                + (localAddress == null ? "any" : localAddress.getHostAddress());
        int qualifier = hash(path) & 0xffff;
        return (0x80L << 40) | ((long) base << 16) | qualifier;
    }

    private static int hash(String s) {
        CRC32C crc = new CRC32C();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
