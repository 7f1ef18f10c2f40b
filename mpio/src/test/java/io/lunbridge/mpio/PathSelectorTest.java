package io.lunbridge.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathSelectorTest {
    private static final class P implements PathSelector.Candidate {
        final String name;
        final PathCounters counters = new PathCounters();
        long activeSince;

        P(String name) {
            this.name = name;
        }

        @Override
        public PathCounters counters() {
            return counters;
        }

        @Override
        public long activeSinceNanos() {
            return activeSince;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final P a = new P("a");
    private final P b = new P("b");
    private final P c = new P("c");

    @Test
    void failoverUsesTheBestPathAndMovesOnlyWhenItIsGone() {
        PathSelector s = new PathSelector(SelectorPolicy.FAILOVER, Failback.IMMEDIATE);
        assertEquals(a, s.choose(List.of(a, b), 0));
        assertEquals(a, s.choose(List.of(a, b), 1));
        assertEquals(b, s.choose(List.of(b), 2), "a failed: fail over to b");
        assertEquals(b, s.choose(List.of(b, c), 3), "c is worse than b: stay");
        a.activeSince = 4;
        assertEquals(a, s.choose(List.of(a, b), 5), "immediate failback to the better path");
        assertNull(s.choose(List.of(), 6));
    }

    @Test
    void manualFailbackStaysOnTheWorkingPath() {
        PathSelector s = new PathSelector(SelectorPolicy.FAILOVER, Failback.MANUAL);
        s.choose(List.of(b), 0);
        assertEquals(b, s.choose(List.of(a, b), 10));
        assertEquals(b, s.choose(List.of(a, b), Long.MAX_VALUE / 2));
        assertEquals(a, s.choose(List.of(a), 20), "b gone: a, manual or not");
    }

    @Test
    void delayedFailbackWaitsUntilTheBetterPathWasActiveLongEnough() {
        PathSelector s = new PathSelector(SelectorPolicy.FAILOVER, new Failback(false, Duration.ofSeconds(10)));
        s.choose(List.of(b), 0);
        a.activeSince = Duration.ofSeconds(100).toNanos();
        assertEquals(b, s.choose(List.of(a, b), Duration.ofSeconds(105).toNanos()));
        assertEquals(a, s.choose(List.of(a, b), Duration.ofSeconds(110).toNanos()));
    }

    @Test
    void roundRobinCyclesOverUsablePaths() {
        PathSelector s = new PathSelector(SelectorPolicy.ROUND_ROBIN, Failback.IMMEDIATE);
        assertEquals(List.of(a, b, c, a), List.of(s.choose(List.of(a, b, c), 0), s.choose(List.of(a, b, c), 0),
                s.choose(List.of(a, b, c), 0), s.choose(List.of(a, b, c), 0)));
    }

    @Test
    void queueLengthAndServiceTimePickTheLeastLoadedPath() {
        a.counters.started(4096);
        a.counters.started(4096);
        b.counters.started(1 << 20);
        assertEquals(b, new PathSelector(SelectorPolicy.QUEUE_LENGTH, Failback.IMMEDIATE).choose(List.of(a, b), 0));
        assertEquals(a, new PathSelector(SelectorPolicy.SERVICE_TIME, Failback.IMMEDIATE).choose(List.of(a, b), 0));
        assertEquals(c, new PathSelector(SelectorPolicy.SERVICE_TIME, Failback.IMMEDIATE).choose(List.of(a, b, c), 0));
    }
}
