package io.lunbridge.app.daemon;

import io.lunbridge.app.store.StoredTarget;

/** Logs in to a stored target and attaches the LUNs its allow-list names (the CLI's attach building blocks). */
@FunctionalInterface
public interface TargetAttacher {
    AttachedTarget attach(StoredTarget target) throws Exception;
}
