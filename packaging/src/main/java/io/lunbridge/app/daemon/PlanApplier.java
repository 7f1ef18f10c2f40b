package io.lunbridge.app.daemon;

import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Carries out a {@link ReloadPlan} on the daemon's main thread: the targets it removes are detached
 * newest first, each after its volume groups are deactivated; one whose devices are in use stays
 * attached (logged with the use, its VGs activated again; a target with a {@code lunbridge fsck} running
 * counts as in use and keeps its VGs) and is not attached a second time; then the
 * targets it adds are attached, a failure recorded in the book (retried at the next reload).
 */
final class PlanApplier {
    /** The daemon's logger: these lines are the daemon's own. */
    private static final Logger LOG = LogManager.getLogger(Daemon.class);

    private final Daemon daemon;
    private final DaemonTargets book;

    PlanApplier(Daemon daemon, DaemonTargets book) {
        this.daemon = daemon;
        this.book = book;
    }

    void apply(ReloadPlan plan) {
        List<AttachedTarget> going = new ArrayList<>();
        for (AttachedTarget t : book.attached()) {
            if (plan.detach().contains(t.stored().name())) {
                going.add(0, t);
            }
        }
        List<IscsiName> kept = new ArrayList<>();
        for (AttachedTarget t : going) {
            Optional<String> fsck = daemon.fscks().running(t.stored().name());
            if (fsck.isEmpty()) {
                daemon.releaseVolumeGroups(t);
            }
            List<String> uses = new ArrayList<>(t.uses());
            fsck.ifPresent(uses::add);
            if (!uses.isEmpty()) {
                LOG.warn("target {} is no longer automatic or was changed, but stays attached while {}; unmount or "
                        + "close it and reload again", t.stored().name(), String.join("; ", uses));
                kept.add(t.stored().name());
                daemon.reactivateVolumeGroups(t);
                continue;
            }
            daemon.detach(t, false);
        }
        for (StoredTarget t : plan.attach()) {
            if (kept.contains(t.name())) {
                continue;
            }
            try {
                daemon.attachNow(t, false);
            } catch (Exception e) {
                // an interrupted attach is a failed attach like any other: retried at the next reload
                LOG.error("target {} not attached: {}", t.name(), e.getMessage());
                book.failed(t.name(), String.valueOf(e.getMessage()));
            }
        }
    }
}
