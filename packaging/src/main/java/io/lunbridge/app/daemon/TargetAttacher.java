package io.lunbridge.app.daemon;

import io.lunbridge.app.store.StoredTarget;

/** Logs in to a stored target and attaches the LUNs its allow-list names (the CLI's attach building blocks). */
@FunctionalInterface
public interface TargetAttacher {
    AttachedTarget attach(StoredTarget target) throws Exception;

    /**
     * Logs in through {@code through} (its portal alone, its CHAP; checked against the portal's
     * SendTargets answer) instead of the discovery policy, and attaches the LUNs {@code target}'s
     * allow-list names.
     */
    default AttachedTarget attach(StoredTarget target, PortalLogin through) throws Exception {
        throw new UnsupportedOperationException("this daemon cannot log in through a given portal ("
                + through.text() + ")");
    }
}
