package io.lunbridge.app.daemon;

import io.lunbridge.protocol.discovery.isns.IsnsClient;
import io.lunbridge.protocol.discovery.isns.IsnsClientConfig;
import io.lunbridge.protocol.discovery.isns.IsnsTarget;
import io.lunbridge.protocol.naming.IscsiName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's iSNS registration, kept for its whole life: one {@link IsnsClient} registered for
 * state change notifications (SCN). Each change of the visible targets is compared with the
 * previous one: every target newly visible is handed to {@code appeared} (the daemon queues one
 * event per target for its main thread; nothing is attached here, on the client's event loop); a
 * target no longer visible is logged at WARN and never detached (its disks may be mounted: iSNS
 * losing a registration is no reason to pull them away). A server unreachable at start is logged
 * and retried through the client's failover, never stopping the daemon. {@link #close()}
 * deregisters (DevDereg).
 */
public final class IsnsWatch implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(IsnsWatch.class);

    /** A change of the visible targets: names newly shown, and names no longer shown (both in iSNS order). */
    record Change(List<String> appeared, List<String> gone) {
        Change {
            appeared = List.copyOf(appeared);
            gone = List.copyOf(gone);
        }

        static Change between(Set<String> before, List<IsnsTarget> now) {
            Set<String> names = new LinkedHashSet<>();
            now.forEach(t -> names.add(t.name()));
            List<String> appeared = names.stream().filter(n -> !before.contains(n)).toList();
            List<String> gone = before.stream().filter(n -> !names.contains(n)).toList();
            return new Change(appeared, gone);
        }
    }

    private final IsnsClient client;
    private final Consumer<IscsiName> appeared;
    /** The names of the last list seen; touched only by the listener (one event loop thread), guarded anyway. */
    private Set<String> visible = new LinkedHashSet<>();

    /** A watch with its own client over {@code config}; {@link #start()} registers. */
    public IsnsWatch(IsnsClientConfig config, Consumer<IscsiName> appeared) {
        this(new IsnsClient(config), appeared);
    }

    IsnsWatch(IsnsClient client, Consumer<IscsiName> appeared) {
        this.client = client;
        this.appeared = appeared;
        client.addListener(this::onTargetsChanged);
    }

    /** Registers (in the background: the daemon does not wait); a first failure is logged, then retried. */
    public void start() {
        client.start(true).whenComplete((targets, e) -> {
            if (e != null) {
                LOG.warn("iSNS: not registered yet ({}); the daemon attaches the store's automatic targets anyway "
                        + "and keeps trying the iSNS servers", e.getMessage());
            } else {
                LOG.info("iSNS: registered for state change notifications; {} target(s) visible", targets.size());
            }
        });
    }

    /** The client's listener: one call per change of the visible targets. */
    synchronized void onTargetsChanged(List<IsnsTarget> targets) {
        Change change = Change.between(visible, targets);
        visible = new LinkedHashSet<>(targets.stream().map(IsnsTarget::name).toList());
        for (String gone : change.gone()) {
            LOG.warn("iSNS no longer shows target {}: not detached (an iSNS change never detaches a disk; "
                    + "lunbridge logout {} does, when it is attached)", gone, gone);
        }
        List<String> bad = new ArrayList<>();
        for (String name : change.appeared()) {
            IscsiName parsed;
            try {
                parsed = IscsiName.parse(name);
            } catch (IllegalArgumentException e) {
                bad.add(name);
                continue;
            }
            appeared.accept(parsed);
        }
        if (!bad.isEmpty()) {
            LOG.warn("iSNS shows targets whose names are not iSCSI names, ignored: {}", bad);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
