package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import java.util.List;
import java.util.Map;

/**
 * Renders status: text like {@code multipath -ll} with the sessions of {@code iscsiadm -m session -P 1}
 * ({@link TargetText}), or the JSON object of one process entry ({@link TargetJson}) documented in
 * docs/architecture.md. The views are values ({@link TargetView}, {@link LunView}, {@link SessionView}).
 */
public final class StatusRenderer {
    private StatusRenderer() {
    }

    /** The text form of {@code target}. */
    public static String text(TargetView target) {
        return TargetText.render(target);
    }

    /** The JSON form of {@code target} (one process entry). */
    public static Map<String, Object> json(TargetView target) {
        return TargetJson.render(target);
    }

    /** The text form of a process' devices without local detail (serve, attach). */
    public static String text(long pid, String verb, String target, List<DeviceStatus> devices) {
        return text(TargetView.of(pid, verb, target, devices));
    }

    /** The JSON form of a process' devices without local detail (serve, attach). */
    public static Map<String, Object> json(long pid, String verb, String target, List<DeviceStatus> devices) {
        return json(TargetView.of(pid, verb, target, devices));
    }
}
