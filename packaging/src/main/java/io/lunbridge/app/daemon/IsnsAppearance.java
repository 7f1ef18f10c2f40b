package io.lunbridge.app.daemon;

import io.lunbridge.app.store.Startup;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the daemon does when iSNS newly shows a target: attach it, exactly as start does, when the
 * store marks it {@code startup=automatic} and it is not attached now (never attached, or failed
 * at start or at a reload, e.g. unreachable); otherwise leave it alone, saying why at INFO. Decided
 * on the main thread when the event is taken, so the store and the attached targets are read as
 * they are then, not as they were when the SCN arrived.
 */
enum IsnsAppearance {
    /** Stored automatic, not attached: attach. */
    ATTACH,
    /** Not in the store: lunbridge only attaches stored targets. */
    NOT_STORED,
    /** Stored with startup=manual: attached only when asked (login, attach). */
    MANUAL,
    /** Already attached: nothing to do. */
    ATTACHED;

    private static final Logger LOG = LogManager.getLogger(IsnsAppearance.class);

    /** The decision for a target iSNS newly shows, given its stored record and whether it is attached. */
    static IsnsAppearance decide(Optional<StoredTarget> stored, boolean attached) {
        if (stored.isEmpty()) {
            return NOT_STORED;
        }
        if (attached) {
            return ATTACHED;
        }
        return stored.get().startup().startup() == Startup.AUTOMATIC ? ATTACH : MANUAL;
    }

    /** Carries out the decision for {@code name} (main thread only). */
    static void handle(Daemon daemon, IscsiName name) {
        Optional<StoredTarget> stored;
        try {
            stored = daemon.stored(name);
        } catch (RuntimeException e) {
            LOG.error("iSNS shows target {}, but the store cannot be read: {}; not attached", name, e.getMessage());
            return;
        }
        IsnsAppearance what = decide(stored, daemon.target(name).isPresent());
        switch (what) {
            case ATTACH:
                LOG.info("iSNS shows target {}, stored startup=automatic and not attached: attaching it", name);
                daemon.attachAutomatic(stored.get());
                break;
            case NOT_STORED:
                LOG.info("iSNS shows target {}, which is not in the store: left alone (lunbridge discover --store "
                        + "adds it)", name);
                break;
            case MANUAL:
                LOG.info("iSNS shows target {}, stored startup=manual: left alone (lunbridge login attaches it)", name);
                break;
            default:
                LOG.info("iSNS shows target {}, already attached: nothing to do", name);
        }
    }
}
