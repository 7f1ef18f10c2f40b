package io.lunbridge.app.status;

import io.lunbridge.mpio.DeviceStatus;
import io.lunbridge.mpio.PathStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One session (I_T nexus) of a target, like a session of {@code iscsiadm -m session -P 1}: the
 * interface and portal it runs over, its ISID and TSIH, and the path of each LUN through it.
 *
 * @param id "netdev->portal" or the portal
 * @param iface the local interface, or null when routed freely
 * @param portal "host:port"
 * @param isid the ISID (hex)
 * @param tsih the TSIH, 0 while not logged in
 * @param paths the LUNs' paths over this session, with their device's name
 */
public record SessionView(String id, String iface, String portal, String isid, int tsih, List<LunPath> paths) {
    /**
     * A LUN's path over the session.
     *
     * @param device the multipath device's name (IQN/lunN)
     * @param path its status
     */
    public record LunPath(String device, PathStatus path) {
    }

    public SessionView {
        paths = List.copyOf(paths);
    }

    /** Whether the session is logged in (a TSIH was assigned). */
    public boolean loggedIn() {
        return tsih != 0;
    }

    /** The sessions of a target, grouped from its devices' paths (one nexus per path id), in first-seen order. */
    public static List<SessionView> of(List<DeviceStatus> devices) {
        Map<String, List<LunPath>> byId = new LinkedHashMap<>();
        Map<String, PathStatus> first = new LinkedHashMap<>();
        for (DeviceStatus d : devices) {
            for (PathStatus p : d.paths()) {
                byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(new LunPath(d.name(), p));
                first.putIfAbsent(p.id(), p);
            }
        }
        List<SessionView> out = new ArrayList<>();
        byId.forEach((id, paths) -> {
            PathStatus p = first.get(id);
            int tsih = paths.stream().mapToInt(l -> l.path().tsih()).filter(t -> t != 0).findFirst().orElse(0);
            out.add(new SessionView(id, p.netdev(), p.portal(), p.isid(), tsih, paths));
        });
        return out;
    }
}
