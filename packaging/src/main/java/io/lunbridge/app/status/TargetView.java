package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import java.util.List;

/**
 * One target of one lunbridge process as {@code lunbridge status} shows it: its sessions and
 * paths, and its LUNs.
 *
 * @param pid the process serving it
 * @param verb serve, attach or daemon
 * @param target the target's name
 * @param startup the store's startup policy ("startup: automatic  luns: 1"), or null outside the daemon
 * @param origin why the daemon has it: "store" (startup=automatic), "request" (login/attach), "unstored"
 *     (login IQN --portal of a target not in the store), or null
 * @param luns its LUNs
 */
public record TargetView(long pid, String verb, String target, String startup, String origin, List<LunView> luns) {
    public TargetView {
        luns = List.copyOf(luns);
    }

    /** Devices served or attached without local detail (serve, attach). */
    public static TargetView of(long pid, String verb, String target, List<DeviceStatus> devices) {
        return new TargetView(pid, verb, target, null, null, devices.stream().map(LunView::served).toList());
    }

    /** The sessions, grouped from the LUNs' paths. */
    public List<SessionView> sessions() {
        return SessionView.of(luns.stream().map(LunView::status).toList());
    }
}
