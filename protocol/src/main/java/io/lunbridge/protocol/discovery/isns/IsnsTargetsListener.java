package io.lunbridge.protocol.discovery.isns;

import java.util.List;

/**
 * Told when the set of visible targets changed after a state change notification (or after a
 * re-registration with another server). Called on the client's event loop: return quickly.
 */
@FunctionalInterface
public interface IsnsTargetsListener {
    void onTargetsChanged(List<IsnsTarget> targets);
}
