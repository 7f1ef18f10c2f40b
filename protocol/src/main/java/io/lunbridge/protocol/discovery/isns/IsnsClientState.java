package io.lunbridge.protocol.discovery.isns;

import io.lunbridge.state.Transitions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of an {@link IsnsClient}: NEW → CONNECTING → REGISTERED; a lost server connection
 * goes back to CONNECTING (next server in the list); any state → CLOSED.
 */
public enum IsnsClientState implements Transitions<IsnsClientState> {
    NEW, CONNECTING, REGISTERED, CLOSED;

    @Override
    public boolean canMoveTo(IsnsClientState next) {
        return next().contains(next);
    }

    /** States reachable from this one. */
    public Set<IsnsClientState> next() {
        switch (this) {
            case NEW:
                return EnumSet.of(CONNECTING, CLOSED);
            case CONNECTING:
                return EnumSet.of(CONNECTING, REGISTERED, CLOSED);
            case REGISTERED:
                return EnumSet.of(CONNECTING, CLOSED);
            default:
                return EnumSet.noneOf(IsnsClientState.class);
        }
    }
}
