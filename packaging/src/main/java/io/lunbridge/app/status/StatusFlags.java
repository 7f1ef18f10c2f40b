package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import java.util.List;

/**
 * Where flags about a LUN come from (the place for "needs fsck" and similar): asked once per LUN
 * and status request; a flag source that fails must say so in a flag rather than throw.
 */
@FunctionalInterface
public interface StatusFlags {
    /** No flags. */
    StatusFlags NONE = (target, lun, device, local) -> List.of();

    /**
     * The flags of {@code device}, LUN {@code lun} ("1", as the store names it; null when unknown) of
     * {@code target}, attached as {@code localDevice} (e.g. /dev/loop3, or null when it is only served).
     */
    List<StatusFlag> of(String target, String lun, DeviceStatus device, String localDevice);

    /** These flags followed by {@code other}'s. */
    default StatusFlags and(StatusFlags other) {
        return (target, lun, device, local) -> {
            List<StatusFlag> all = new java.util.ArrayList<>(of(target, lun, device, local));
            all.addAll(other.of(target, lun, device, local));
            return all;
        };
    }
}
