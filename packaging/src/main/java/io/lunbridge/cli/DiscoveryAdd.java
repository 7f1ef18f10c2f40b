package io.lunbridge.cli;

import io.lunbridge.app.discovery.TargetRecord;
import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.DiscoveredTarget;
import io.lunbridge.app.store.MergeResult;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.protocol.discovery.Portal;
import io.lunbridge.protocol.naming.IscsiName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code discover --add}: what discovery found, merged into the store; one line per target. */
final class DiscoveryAdd {
    private DiscoveryAdd() {
    }

    static DiscoveredTarget fromRecord(TargetRecord r) {
        String name = r.name().orElseThrow(() -> new IllegalArgumentException(
                "record from " + r.source() + " has no target name (SendTargets found none)"));
        return new DiscoveredTarget(IscsiName.parse(name), portals(r.portals()),
                Optional.of(r.alias()), r.source());
    }

    static DiscoveredTarget fromSendTargets(io.lunbridge.protocol.discovery.DiscoveredTarget t, String portal) {
        return new DiscoveredTarget(IscsiName.parse(t.name()), portals(t.portals()), Optional.empty(),
                "sendtargets " + portal);
    }

    private static List<StoredPortal> portals(List<Portal> portals) {
        return portals.stream().map(p -> new StoredPortal(p.host(), p.port(), p.groupTag(), List.of())).toList();
    }

    /** Merges and prints "store FILE: IQN added|updated: …|unchanged[; kept …]". */
    static void merge(Path store, List<DiscoveredTarget> found, PrintWriter out) {
        try (ConfigStore s = ConfigStore.open(store)) {
            for (MergeResult r : s.mergeDiscovered(found)) {
                out.println("store " + store + ": " + r.name() + " " + r.describe());
            }
        }
    }
}
