package io.lunbridge.protocol.initiator;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Initiator Session IDs (RFC 7143 §11.12.5) in the "random" format (T=10b): a 24-bit value derived
 * from the initiator name and a 16-bit qualifier derived from the target and the path (local
 * interface and portal). The ISID is therefore stable for one initiator, target and path, so that
 * logging in again after a failure reinstates the old session at the target instead of leaving it
 * behind, while two paths to the same target get different ISIDs (distinct I_T nexuses), even when
 * neither is bound to a local address.
 */
public final class Isid {
    private Isid() {
    }

    /**
     * The ISID, in the low 48 bits, of the session between {@code initiatorName} and
     * {@code targetName} (null for discovery) over one path.
     *
     * @param path what makes the path distinct: the local interface (or "any") and the portal,
     *     e.g. "eth1|198.18.0.2:3260"; two paths never share it, a path keeps it across re-logins
     */
    public static long of(String initiatorName, String targetName, String path) {
        int base = hash(initiatorName) & 0xffffff;
        int qualifier = hash((targetName == null ? "discovery" : targetName) + "|" + path) & 0xffff;
        return (0x80L << 40) | ((long) base << 16) | qualifier;
    }

    /** The path key of {@link #of}: interface (or local address, or "any") and portal. */
    public static String pathKey(String netdev, InetAddress localAddress, String portal) {
        String local = netdev != null ? "if:" + netdev : localAddress != null ? localAddress.getHostAddress() : "any";
        return local + "|" + portal;
    }

    private static int hash(String s) {
        CRC32C crc = new CRC32C();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
