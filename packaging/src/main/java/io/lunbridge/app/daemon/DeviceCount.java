package io.lunbridge.app.daemon;

import io.lunbridge.app.status.MultipathVerbs;
import io.lunbridge.mpio.DeviceState;
import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.MultipathDevice;
import java.util.List;

/**
 * The daemon's one-line status for systemd ({@code STATUS=}): {@code 3 devices, 1 queueing}, and
 * how many automatic targets could not be attached when any.
 *
 * @param devices attached block devices
 * @param queueing devices without a usable path, holding their I/O (state QUEUEING)
 * @param failedTargets automatic targets that are not attached (login or attach failed)
 */
public record DeviceCount(int devices, int queueing, int failedTargets) {
    /** Counts {@code units}' states (a device whose status does not come is counted as queueing). */
    public static DeviceCount of(List<MultipathDevice> units, int failedTargets) {
        int queueing;
        try {
            queueing = (int) MultipathVerbs.snapshot(units).stream().map(DeviceStatus::state)
                    .filter(s -> s == DeviceState.QUEUEING).count();
        } catch (Exception e) {
            queueing = units.size();
        }
        return new DeviceCount(units.size(), queueing, failedTargets);
    }

    /** {@code 1 device, 0 queueing} or {@code 2 devices, 1 queueing, 1 target not attached}. */
    public String line() {
        return devices + (devices == 1 ? " device, " : " devices, ") + queueing + " queueing"
                + (failedTargets == 0 ? "" : ", " + failedTargets + (failedTargets == 1 ? " target" : " targets")
                        + " not attached");
    }
}
