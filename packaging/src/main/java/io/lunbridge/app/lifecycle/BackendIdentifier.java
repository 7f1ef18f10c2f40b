package io.lunbridge.app.lifecycle;

import io.lunbridge.bridge.kernel.DeviceChoice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The backend identifier (NBD_ATTR_BACKEND_IDENTIFIER) lunbridge gives the kernel nbd device of one
 * LUN: {@code lunbridge:TARGET:LUN}, e.g. {@code lunbridge:iqn.2026-11.io.example:disk:1} (the LUN
 * as {@code attach} labels it: its number, or the 16 hex digits of its address). The kernel shows it in
 * /sys/block/nbdN/backend while the device is configured, also after its server died, and demands
 * the same one at NBD_CMD_RECONFIGURE: that is how a restarted daemon (or attach) finds its device
 * again. It is stable (no pid, no time, no path) and the same for every mode of lookup.
 *
 * <p>The kernel sets no length (NLA_STRING without a maximum; the sysfs file is printed into one
 * page); iSCSI names are at most 223 bytes (RFC 7143), so the plain form is at most about 250. A
 * longer one (a name the store accepted beyond that) becomes {@code lunbridge:sha256:} and the
 * first 32 hex digits of SHA-256 over "TARGET LUN", so the file stays one short line.
 */
public record BackendIdentifier(String value) {
    /** Longest plain identifier; longer ones are hashed. */
    public static final int MAX_PLAIN = 255;

    public BackendIdentifier {
        if (!value.startsWith(DeviceChoice.PREFIX)) {
            throw new IllegalArgumentException("backend identifier '" + value + "' does not start with "
                    + DeviceChoice.PREFIX);
        }
    }

    /** The identifier of LUN {@code lun} ("1", or 16 hex digits) of target {@code target}. */
    public static BackendIdentifier of(String target, String lun) {
        if (target.isEmpty() || lun.isEmpty()) {
            throw new IllegalArgumentException("backend identifier needs a target and a LUN, got '" + target + "' and '"
                    + lun + "'");
        }
        String plain = DeviceChoice.PREFIX + target + ":" + lun;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN && plain.chars().noneMatch(c -> c < 0x20)) {
            return new BackendIdentifier(plain);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((target + " " + lun).getBytes(StandardCharsets.UTF_8));
            return new BackendIdentifier(DeviceChoice.PREFIX + "sha256:" + HexFormat.of().formatHex(h).substring(0, 32));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
