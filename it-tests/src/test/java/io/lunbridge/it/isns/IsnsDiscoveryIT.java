package io.lunbridge.it.isns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.protocol.discovery.isns.IsnsClient;
import io.lunbridge.protocol.discovery.isns.IsnsClientConfig;
import io.lunbridge.protocol.discovery.isns.IsnsNode;
import io.lunbridge.protocol.discovery.isns.IsnsPortal;
import io.lunbridge.protocol.discovery.isns.IsnsTarget;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iSNS client against open-isns isnsd in a network namespace: discovery domains limit what
 * the initiator sees, a target added to its domain later arrives through an SCN without restart
 * and disappears again when deregistered, an unreachable first server is logged and skipped, and
 * close() deregisters the initiator.
 */
class IsnsDiscoveryIT {
    private static final String INITIATOR = "iqn.2026-01.io.lunbridge:isns-it-initiator";
    private static final String TARGET_A = "iqn.2026-01.io.lunbridge:isns-it-target-a";
    private static final String TARGET_B = "iqn.2026-01.io.lunbridge:isns-it-target-b";
    private static final String TARGET_C = "iqn.2026-01.io.lunbridge:isns-it-target-c";
    private static final Duration SCN_DEADLINE = Duration.ofSeconds(20);

    private IsnsdNamespace ns;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        logs = LogCapture.install();
        ns = IsnsdNamespace.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (ns != null) {
                ns.close();
            }
        } finally {
            logs.remove();
        }
    }

    @Test
    void seesOnlyItsDomainFollowsScnsFailsOverAndDeregisters() throws Exception {
        ns.registerTarget("ent-a", TARGET_A, IsnsdNamespace.SERVER_ADDRESS + ":3260");
        ns.registerTarget("ent-b", TARGET_B, "198.18.30.3:3260");
        long ddA = ns.createDomain("dd-a", TARGET_A, INITIATOR);
        ns.createDomain("dd-b", TARGET_B);

        InetSocketAddress unreachable = new InetSocketAddress(IsnsdNamespace.UNUSED_ADDRESS, IsnsdNamespace.ISNS_PORT);
        InetSocketAddress server = new InetSocketAddress(IsnsdNamespace.SERVER_ADDRESS, IsnsdNamespace.ISNS_PORT);
        IsnsClientConfig config = new IsnsClientConfig(List.of(unreachable, server),
                new IsnsNode(INITIATOR, "lunbridge-isns-it", "it", 0), Duration.ofSeconds(2), Duration.ofSeconds(5),
                null, 0, Duration.ofSeconds(1));
        BlockingQueue<List<IsnsTarget>> changes = new LinkedBlockingQueue<>();
        IsnsClient client = new IsnsClient(config);
        client.addListener(changes::add);
        try {
            List<IsnsTarget> first = client.start().get(30, TimeUnit.SECONDS);

            assertEquals(server, client.currentServer(), "failover to the second server");
            assertTrue(logs.any(m -> m.contains("iSNS server #1 " + IsnsdNamespace.UNUSED_ADDRESS + ":3205 failed")
                    && m.contains("unreachable")), "failure of the first server logged with its address: " + logs.all());
            assertEquals(List.of(new IsnsTarget(TARGET_A, "", List.of(
                    new IsnsPortal(IsnsdNamespace.SERVER_ADDRESS, 3260, OptionalInt.of(1))))), first,
                    "exactly the target of the initiator's discovery domain");
            assertTrue(ns.nodesVisibleTo(TARGET_A).contains(INITIATOR), "initiator registered: " + ns.nodesVisibleTo(TARGET_A));

            ns.registerTarget("ent-c", TARGET_C, "198.18.30.4:3260");
            ns.addToDomain(ddA, TARGET_C);
            List<IsnsTarget> added = awaitChange(changes, l -> names(l).equals(List.of(TARGET_A, TARGET_C))
                    || names(l).equals(List.of(TARGET_C, TARGET_A)));
            IsnsTarget c = added.stream().filter(t -> t.name().equals(TARGET_C)).findFirst().orElseThrow();
            assertEquals(List.of(new IsnsPortal("198.18.30.4", 3260, OptionalInt.of(1))), c.portals());

            ns.deregisterEntity("ent-c", TARGET_C);
            awaitChange(changes, l -> names(l).equals(List.of(TARGET_A)));
            assertTrue(logs.any(m -> m.contains("iSNS SCN")), "changes came through SCNs: " + logs.all());
        } finally {
            client.close();
        }
        String after = ns.nodesVisibleTo(TARGET_A);
        assertTrue(after.contains(TARGET_A), "query as target-a works: " + after);
        assertFalse(after.contains(INITIATOR), "DevDereg on close removed the initiator: " + after);
    }

    private static List<String> names(List<IsnsTarget> targets) {
        return targets.stream().map(IsnsTarget::name).toList();
    }

    private static List<IsnsTarget> awaitChange(BlockingQueue<List<IsnsTarget>> changes, Predicate<List<IsnsTarget>> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + SCN_DEADLINE.toNanos();
        List<List<IsnsTarget>> seen = new CopyOnWriteArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            List<IsnsTarget> next = left > 0 ? changes.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                throw new AssertionError("no SCN-driven change to the wanted targets within " + SCN_DEADLINE
                        + "; changes seen: " + seen);
            }
            seen.add(next);
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    /** Collects formatted log messages of the lunbridge loggers at INFO and above. */
    private static final class LogCapture extends AbstractAppender {
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final LoggerContext context;
        private final Level previousLevel;

        private LogCapture(LoggerContext context, Level previousLevel) {
            super("isns-it-capture", null, null, true, Property.EMPTY_ARRAY);
            this.context = context;
            this.previousLevel = previousLevel;
        }

        static LogCapture install() {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            Configuration cfg = ctx.getConfiguration();
            LogCapture capture = new LogCapture(ctx, cfg.getRootLogger().getLevel());
            capture.start();
            cfg.getRootLogger().addAppender(capture, Level.INFO, null);
            cfg.getRootLogger().setLevel(Level.INFO);
            ctx.updateLoggers();
            return capture;
        }

        void remove() {
            Configuration cfg = context.getConfiguration();
            cfg.getRootLogger().removeAppender(getName());
            cfg.getRootLogger().setLevel(previousLevel);
            context.updateLoggers();
            stop();
        }

        @Override
        public void append(LogEvent event) {
            messages.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }

        boolean any(Predicate<String> p) {
            return messages.stream().anyMatch(p);
        }

        List<String> all() {
            return List.copyOf(messages);
        }
    }
}
