package io.lunbridge.app.discovery;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.app.store.StoredPortal;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.discovery.Portal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The {@code store} method (AIX's odm): the persistent configuration store, the only source of boot targets. */
public final class StoreDiscovery implements DiscoveryMethod {
    private final Path file;

    public StoreDiscovery(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public CompletableFuture<List<TargetRecord>> discover() {
        try (ConfigStore store = ConfigStore.open(file)) {
            List<TargetRecord> records = new ArrayList<>();
            for (StoredTarget t : store.list()) {
                List<Portal> portals = new ArrayList<>();
                List<String> interfaces = new ArrayList<>();
                for (StoredPortal p : t.portals()) {
                    portals.add(new Portal(p.host(), p.port(), p.groupTag()));
                    p.interfaces().stream().filter(i -> !interfaces.contains(i)).forEach(interfaces::add);
                }
                String name = t.name().value();
                records.add(new TargetRecord(Optional.of(name), portals, t.chap().map(c -> c.toCredentials(name)),
                        t.alias().orElse(""), interfaces, t.boot(), "store " + file));
            }
            return CompletableFuture.completedFuture(records);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
