package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.store.LunAllowList;
import io.lunbridge.app.store.Startup;
import io.lunbridge.app.store.StartupPolicy;
import io.lunbridge.app.store.StoredTarget;
import io.lunbridge.protocol.discovery.isns.IsnsClient;
import io.lunbridge.protocol.discovery.isns.IsnsClientConfig;
import io.lunbridge.protocol.discovery.isns.IsnsNode;
import io.lunbridge.protocol.discovery.isns.IsnsPortal;
import io.lunbridge.protocol.discovery.isns.IsnsTarget;
import io.lunbridge.protocol.naming.IscsiName;
import io.lunbridge.protocol.testing.Await;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon's reaction to iSNS changes, with a fake store list and recording targets: a target
 * newly visible and stored automatic but not attached (it failed at start) is attached once, on the
 * main thread; one stored manual, one already attached and one not stored are left alone (INFO);
 * one that disappears is not detached and is named in a WARN.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsnsWatchTest {
    static StoredTarget target(String suffix, Startup startup) {
        StoredTarget t = ReloadPlanTest.target(suffix, "all");
        return new StoredTarget(t.name(), t.alias(), t.boot(), t.volumeGroups(), t.nbdIndex(), t.exportName(),
                t.portals(), t.chap(), new StartupPolicy(startup, LunAllowList.ALL));
    }

    static IsnsTarget visible(StoredTarget t) {
        return new IsnsTarget(t.name().value(), "", List.of(new IsnsPortal("198.18.0.2", 3260, OptionalInt.of(1))));
    }

    /** Lines ("LEVEL message") of the given loggers while open. */
    static final class Lines implements AutoCloseable {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<Logger> loggers = new ArrayList<>();
        final AbstractAppender appender = new AbstractAppender("isns-watch-test-" + System.nanoTime(), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };

        Lines(Class<?>... of) {
            appender.start();
            for (Class<?> c : of) {
                Logger l = (Logger) LogManager.getLogger(c);
                l.addAppender(appender);
                l.setLevel(Level.INFO);
                loggers.add(l);
            }
        }

        boolean any(String level, String... parts) {
            synchronized (lines) {
                return lines.stream().anyMatch(l -> l.startsWith(level + " ") && List.of(parts).stream().allMatch(l::contains));
            }
        }

        @Override
        public void close() {
            loggers.forEach(l -> l.removeAppender(appender));
            appender.stop();
        }
    }

    @Test
    void theDecisionForATargetNewlyVisible() {
        StoredTarget auto = target("a", Startup.AUTOMATIC);
        StoredTarget manual = target("m", Startup.MANUAL);
        assertEquals(IsnsAppearance.ATTACH, IsnsAppearance.decide(Optional.of(auto), false));
        assertEquals(IsnsAppearance.ATTACHED, IsnsAppearance.decide(Optional.of(auto), true));
        assertEquals(IsnsAppearance.MANUAL, IsnsAppearance.decide(Optional.of(manual), false));
        assertEquals(IsnsAppearance.NOT_STORED, IsnsAppearance.decide(Optional.empty(), false));
    }

    @Test
    void aChangeNamesWhatAppearedAndWhatWentInIsnsOrder() {
        StoredTarget a = target("a", Startup.AUTOMATIC);
        StoredTarget b = target("b", Startup.AUTOMATIC);
        StoredTarget c = target("c", Startup.AUTOMATIC);
        IsnsWatch.Change change = IsnsWatch.Change.between(Set.of(a.name().value(), b.name().value()),
                List.of(visible(c), visible(b)));
        assertEquals(List.of(c.name().value()), change.appeared());
        assertEquals(List.of(a.name().value()), change.gone());
    }

    @Test
    void newlyVisibleAutomaticTargetsAreAttachedOthersLeftAloneNothingDetached() throws Exception {
        StoredTarget a = target("a", Startup.AUTOMATIC);
        StoredTarget b = target("b", Startup.AUTOMATIC);
        StoredTarget m = target("m", Startup.MANUAL);
        StoredTarget unstored = target("x", Startup.AUTOMATIC);
        List<StoredTarget> store = List.of(a, b, m);
        List<String> attaches = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger aTries = new AtomicInteger();
        DaemonTest fakes = new DaemonTest();
        Daemon d = new Daemon(() -> store.stream().filter(t -> t.startup().startup() == Startup.AUTOMATIC).toList(),
                name -> store.stream().filter(t -> t.name().equals(name)).findFirst(), t -> {
                    attaches.add(DaemonTest.suffix(t) + " on " + Thread.currentThread().getName());
                    if (t.equals(a) && aTries.getAndIncrement() == 0) {
                        throw new java.io.IOException("198.18.0.2:3260 unreachable");
                    }
                    return fakes.new Recorded(t);
                }, SdNotify.fromEnvironment(Map.of(), 1), java.time.Duration.ZERO);
        ExecutorService main = Executors.newSingleThreadExecutor(r -> new Thread(r, "daemon-main"));
        IsnsClient client = new IsnsClient(IsnsClientConfig.of(List.of(new InetSocketAddress("198.18.0.9", 3205)),
                new IsnsNode("iqn.2026-12.io.lunbridge.test:initiator", "lunbridge:test", "", 0)));
        try (Lines lines = new Lines(IsnsWatch.class, IsnsAppearance.class); IsnsWatch watch = new IsnsWatch(client,
                d::isnsVisible)) {
            Future<Integer> run = main.submit(d::run);
            Await.until("state READY", () -> d.state() == Daemon.State.READY);
            assertEquals(Set.of(a.name()), d.failedTargets().keySet(), "a failed at start");
            assertEquals("0 devices, 0 queueing, 1 target not attached", d.statusLine());

            watch.onTargetsChanged(List.of(visible(a), visible(b), visible(m), visible(unstored)));
            Await.until("a attached after iSNS showed it", () -> d.target(a.name()).isPresent());
            Await.until("the other three decided", () -> lines.any("INFO", unstored.name().value(), "not in the store")
                    && lines.any("INFO", m.name().value(), "startup=manual")
                    && lines.any("INFO", b.name().value(), "already attached"));
            assertEquals(List.of("a on daemon-main", "b on daemon-main", "a on daemon-main"), attaches,
                    "a attached once more, on the main thread; b, m and x not");
            assertEquals(Map.of(), d.failedTargets(), "a no longer counted as not attached");
            assertTrue(lines.any("INFO", a.name().value(), "attaching"), lines.lines.toString());

            watch.onTargetsChanged(List.of(visible(m)));
            assertTrue(lines.any("WARN", a.name().value(), "not detached"), lines.lines.toString());
            assertTrue(lines.any("WARN", b.name().value(), "not detached"), lines.lines.toString());
            watch.onTargetsChanged(List.of(visible(a), visible(m)));
            Await.until("a's reappearance decided", () -> lines.lines.stream()
                    .filter(l -> l.contains(a.name().value()) && l.contains("already attached")).count() == 1);
            assertEquals(List.of("b", "a"), d.targets().stream().map(t -> DaemonTest.suffix(t.stored())).toList(),
                    "nothing detached by a disappearance, nothing attached twice");
            assertEquals(3, attaches.size());

            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
        } finally {
            main.shutdownNow();
        }
    }
}
