package io.lunbridge.mpio;

import io.lunbridge.state.Transitions;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a path (dm-multipath's and the design's vocabulary).
 * <ul>
 *   <li>ACTIVE: logged in, checked, carries I/O;</li>
 *   <li>STANDBY: logged in, but the target port group is in ALUA standby/unavailable: used only
 *       when nothing else is left;</li>
 *   <li>FAILED: no session, or the session failed; re-login is being tried with back-off;</li>
 *   <li>REINSTATING: logged in again, TEST UNIT READY and the identity check pending;</li>
 *   <li>DISABLED: taken out for good (identity or geometry changed, or closed).</li>
 * </ul>
 */
public enum PathState implements Transitions<PathState> {
    ACTIVE, STANDBY, FAILED, REINSTATING, DISABLED;

    @Override
    public boolean canMoveTo(PathState next) {
        return allowed().contains(next);
    }

    private Set<PathState> allowed() {
        switch (this) {
            case ACTIVE:
                return EnumSet.of(STANDBY, FAILED, DISABLED);
            case STANDBY:
                return EnumSet.of(ACTIVE, FAILED, DISABLED);
            case FAILED:
                return EnumSet.of(REINSTATING, DISABLED);
            case REINSTATING:
                return EnumSet.of(ACTIVE, STANDBY, FAILED, DISABLED);
            default:
                return EnumSet.noneOf(PathState.class);
        }
    }
}
