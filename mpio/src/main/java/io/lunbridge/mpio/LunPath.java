package io.lunbridge.mpio;

import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.scsi.TargetPortGroups;
import io.lunbridge.protocol.session.Session;
import io.lunbridge.state.StateMachine;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One LUN as seen through one nexus: a path of a {@link MultipathDevice}. Its LUN number may
 * differ from the other paths'. Owned by the device's (the target's) event loop.
 */
final class LunPath implements PathSelector.Candidate {
    private static final Logger LOG = LogManager.getLogger(LunPath.class);

    final Nexus nexus;
    final Lun lun;
    final int priority;
    private final PathCounters counters = new PathCounters();
    private final StateMachine<PathState> state;
    private String reason;
    /** Why the path last changed state (kept when it became ACTIVE, unlike {@link #reason}). */
    private String lastChange;
    private long activeSinceNanos;
    /** The ALUA state of the path's target port group, or null when the LUN reports none. */
    TargetPortGroups.State alua;
    /** When the checker runs next, and its current interval (doubles while healthy). */
    long nextCheckNanos;
    long checkIntervalNanos;
    boolean checking;

    LunPath(Nexus nexus, Lun lun, int priority, String deviceName, PathState initial, String reason, long now) {
        this.nexus = nexus;
        this.lun = lun;
        this.priority = priority;
        this.state = new StateMachine<>("device " + deviceName + " path " + nexus.endpoint().id() + " (" + lun + ")",
                initial, LOG);
        this.reason = reason;
        this.lastChange = reason != null ? reason : "path added as " + initial;
        this.activeSinceNanos = now;
    }

    /**
     * This path for {@code status}.
     *
     * @param current the selector's current path under the failover policy (marked only while usable)
     */
    PathStatus status(boolean current) {
        Session s = session();
        PathEndpoint e = nexus.endpoint();
        PathState st = state();
        return new PathStatus(id(), e.netdev(), e.portal(), lun.toString(), st, statusReason(),
                String.format("%012x", nexus.isid()), s == null ? 0 : s.tsih(), counters.failures, counters.inFlight,
                current && (st == PathState.ACTIVE || st == PathState.STANDBY), lastChange);
    }

    /**
     * Why the path is not ACTIVE: while its nexus is down, the nexus' latest reason (a failed re-login
     * says why, e.g. an authentication failure), else the path's own.
     */
    private String statusReason() {
        if (state() == PathState.ACTIVE) {
            return null;
        }
        if (state() == PathState.FAILED && session() == null && nexus.reason() != null) {
            String now = nexus.reason();
            return reason == null || reason.equals(now) ? now : now + " (lost: " + reason + ")";
        }
        return reason;
    }

    PathState state() {
        return state.state();
    }

    String reason() {
        return reason;
    }

    /** Why the path last changed state, also when that made it ACTIVE. */
    String lastChange() {
        return lastChange;
    }

    /** The session the path's commands go to, or null while the nexus is down. */
    Session session() {
        return nexus.session();
    }

    /** The ALUA priority (multipath-tools' alua prioritizer; 50 without ALUA: all equal). */
    int aluaPriority() {
        return alua == null ? TargetPortGroups.State.ACTIVE_OPTIMIZED.priority() : alua.priority();
    }

    /**
     * Applies an ALUA state found on the path: active states keep (or make) it ACTIVE, standby,
     * unavailable and offline make it STANDBY; a transition is left to the next check. Returns
     * whether anything changed.
     */
    boolean applyAlua(TargetPortGroups.State state, long now) {
        boolean changed = state != alua;
        alua = state;
        if (state == null || state == TargetPortGroups.State.TRANSITIONING) {
            return changed;
        }
        if (state.active()) {
            if (state() == PathState.STANDBY) {
                changed |= transition(PathState.ACTIVE, "ALUA state " + state, now);
            }
        } else if (state() == PathState.ACTIVE) {
            changed |= transition(PathState.STANDBY, "ALUA state " + state, now);
        }
        return changed;
    }

    String id() {
        return nexus.endpoint().id();
    }

    @Override
    public PathCounters counters() {
        return counters;
    }

    @Override
    public long activeSinceNanos() {
        return activeSinceNanos;
    }

    /**
     * Moves to {@code next}, logging once at INFO with the reason; a disallowed transition (e.g.
     * anything after DISABLED) is ignored and returns false.
     */
    boolean transition(PathState next, String why, long now) {
        if (state.is(next)) {
            reason = why;
            return false;
        }
        if (!state.moveToIfAllowed(next, why)) {
            return false;
        }
        if (next == PathState.FAILED) {
            counters.failures++;
        }
        reason = next == PathState.ACTIVE ? null : why;
        lastChange = why;
        if (next == PathState.ACTIVE) {
            activeSinceNanos = now;
        }
        return true;
    }
}
