package io.lunbridge.it.isns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.protocol.discovery.isns.IsnsClient;
import io.lunbridge.protocol.discovery.isns.IsnsClientConfig;
import io.lunbridge.protocol.discovery.isns.IsnsNode;
import io.lunbridge.protocol.discovery.isns.IsnsTarget;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code IsnsClient.start(true)} (the daemon's lifelong registration) against an isnsd that is not
 * there yet: the first round fails and says so, the client keeps trying, and once isnsd runs (its
 * namespace created after the client started) it registers and its listeners hear of the target the
 * initiator's discovery domain shows.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IsnsLateServerIT {
    private static final String INITIATOR = "iqn.2026-01.io.lunbridge:isns-late-initiator";
    private static final String TARGET = "iqn.2026-01.io.lunbridge:isns-late-target";

    @Test
    void aClientStartedBeforeItsServerRegistersOnceTheServerIsUp() throws Exception {
        IsnsClientConfig config = new IsnsClientConfig(List.of(new InetSocketAddress(IsnsdNamespace.SERVER_ADDRESS,
                IsnsdNamespace.ISNS_PORT)), new IsnsNode(INITIATOR, "lunbridge-isns-late-it", "it", 0),
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, 0, Duration.ofSeconds(1));
        List<List<IsnsTarget>> told = new CopyOnWriteArrayList<>();
        IsnsClient client = new IsnsClient(config);
        client.addListener(told::add);
        IsnsdNamespace ns = null;
        try {
            CompletableFuture<List<IsnsTarget>> first = client.start(true);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(60, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("no iSNS server usable"), failed.getCause().toString());

            ns = IsnsdNamespace.start();
            ns.registerTarget("ent-late", TARGET, IsnsdNamespace.SERVER_ADDRESS + ":3260");
            ns.createDomain("dd-late", TARGET, INITIATOR);
            Await.until("the listeners told of " + TARGET, Duration.ofSeconds(60),
                    () -> told.stream().anyMatch(l -> l.stream().anyMatch(t -> t.name().equals(TARGET))));
            assertEquals(List.of(TARGET), client.targets().stream().map(IsnsTarget::name).toList());
            String seen = ns.nodesVisibleTo(TARGET);
            assertTrue(seen.contains(INITIATOR), "the initiator is registered: " + seen);
        } finally {
            client.close();
            if (ns != null) {
                ns.close();
            }
        }
    }
}
