package io.lunbridge.mpio;

/**
 * One path of a device, as {@code lunbridge status} shows it.
 *
 * @param id "netdev->portal" or the portal
 * @param netdev the interface, or null for an unbound path
 * @param portal "host:port"
 * @param lun the LUN number on this path
 * @param state the path state
 * @param reason why it is not ACTIVE (null when it is)
 * @param isid the nexus' ISID (hex)
 * @param tsih the session's TSIH, or 0 while not logged in
 * @param failures how often the path failed
 * @param inFlight commands in flight on it
 * @param selected whether the failover policy's current path
 * @param lastChange why the path last changed state (kept once it is ACTIVE again, e.g. "logged in again")
 */
public record PathStatus(String id, String netdev, String portal, String lun, PathState state, String reason,
                         String isid, int tsih, long failures, int inFlight, boolean selected, String lastChange) {
    /** Without the last change (status sources that do not know it). */
    public PathStatus(String id, String netdev, String portal, String lun, PathState state, String reason,
                      String isid, int tsih, long failures, int inFlight, boolean selected) {
        this(id, netdev, portal, lun, state, reason, isid, tsih, failures, inFlight, selected, reason);
    }
}
