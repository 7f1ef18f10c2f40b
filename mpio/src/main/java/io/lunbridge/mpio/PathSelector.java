package io.lunbridge.mpio;

import java.util.List;

/**
 * Chooses the path for the next command among a device's usable paths (pure, loop-owned state:
 * the sticky failover path and the round-robin position). Candidates come in priority order.
 */
final class PathSelector {
    /** What the selector needs to know of a path. */
    interface Candidate {
        PathCounters counters();

        /** When the path last became ACTIVE (nanoseconds). */
        long activeSinceNanos();
    }

    private final SelectorPolicy policy;
    private Failback failback;
    private Candidate current;
    private int next;

    PathSelector(SelectorPolicy policy, Failback failback) {
        this.policy = policy;
        this.failback = failback;
    }

    SelectorPolicy policy() {
        return policy;
    }

    /** The failover policy's current path, or null. */
    Candidate current() {
        return current;
    }

    /**
     * The path for the next command, or null when {@code usable} is empty.
     *
     * @param usable usable paths, best priority first
     * @param now the current time (nanoseconds), for the failback delay
     */
    <C extends Candidate> C choose(List<C> usable, long now) {
        if (usable.isEmpty()) {
            return null;
        }
        switch (policy) {
            case ROUND_ROBIN: {
                C c = usable.get(Math.floorMod(next, usable.size()));
                next++;
                return c;
            }
            case QUEUE_LENGTH: {
                C best = usable.get(0);
                for (C c : usable) {
                    if (c.counters().inFlight < best.counters().inFlight) {
                        best = c;
                    }
                }
                return best;
            }
            case SERVICE_TIME: {
                C best = usable.get(0);
                for (C c : usable) {
                    PathCounters a = c.counters();
                    PathCounters b = best.counters();
                    if (a.inFlightBytes < b.inFlightBytes
                            || (a.inFlightBytes == b.inFlightBytes && a.inFlight < b.inFlight)) {
                        best = c;
                    }
                }
                return best;
            }
            default:
                return failover(usable, now);
        }
    }

    @SuppressWarnings("unchecked")
    private <C extends Candidate> C failover(List<C> usable, long now) {
        C best = usable.get(0);
        if (current == null || !usable.contains(current)) {
            current = best;
            return best;
        }
        if (current == best || failback.manual()) {
            return (C) current;
        }
        if (now - best.activeSinceNanos() >= failback.delay().toNanos()) {
            current = best;
        }
        return (C) current;
    }
}
