package io.lunbridge.app.store;

import io.lunbridge.protocol.naming.IscsiName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A LUN flagged "needs fsck" in the store: its I/O failed with EIO (the replacement timeout
 * expired with no path left), so the filesystem on it may be damaged until {@code lunbridge fsck}
 * has checked it clean. Repeated episodes before that keep the first {@code since} and add up.
 *
 * @param target the target's name
 * @param lun the LUN as attach records it ("1", or the raw LUN in hex when it has no number)
 * @param since when the first I/O of the first unchecked episode failed
 * @param reason why, of the latest episode (e.g. "replacement timeout expired")
 * @param episodes how many episodes failed I/O since the flag was set
 * @param failedIos commands failed with EIO over those episodes, as far as reported
 * @param device the local device the LUN had then (/dev/loopN, /dev/nbdN), if known
 */
public record DeviceFlag(IscsiName target, String lun, Instant since, String reason, long episodes, long failedIos,
                         Optional<String> device) {
    /** Longest LUN text: 16 hex digits. */
    public static final int MAX_LUN_BYTES = 16;
    /** Longest instant text (ISO-8601, nanoseconds, a year beyond 9999 included). */
    public static final int MAX_SINCE_BYTES = 40;
    /** Longest reason. */
    public static final int MAX_REASON_BYTES = 255;
    /** Longest device path. */
    public static final int MAX_DEVICE_BYTES = 4096;

    public DeviceFlag {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(device, "device");
        if (lun == null || lun.isEmpty() || lun.length() > MAX_LUN_BYTES || !lun.chars().allMatch(c ->
                (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new StoreException("LUN '" + io.lunbridge.protocol.input.Excerpt.of(String.valueOf(lun))
                    + "': expected a LUN number or at most " + MAX_LUN_BYTES + " hex digits");
        }
        if (reason == null || reason.isEmpty() || reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_REASON_BYTES) {
            throw new StoreException("flag reason: 1.." + MAX_REASON_BYTES + " bytes expected");
        }
        if (device.isPresent() && device.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_DEVICE_BYTES) {
            throw new StoreException("flag device: at most " + MAX_DEVICE_BYTES + " bytes");
        }
        if (episodes < 1 || failedIos < 0) {
            throw new StoreException("flag of " + target + " LUN " + lun + ": episodes " + episodes
                    + " (at least 1), failed I/Os " + failedIos + " (not negative)");
        }
    }
}
