package io.lunbridge.it.mpio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Completion times, errors and named events (marks) of one workload run, all on the
 * {@link System#nanoTime()} clock, and what can be computed from them: latency percentiles, the
 * longest time without any completion (the failover gap), and when errors started relative to an
 * event.
 *
 * <p>Thread-safe (all methods synchronise on this object).
 */
final class Timeline {
    /**
     * One failed request.
     *
     * @param nanos  when its failure was seen
     * @param issuedNanos when it was sent
     * @param op     READ, WRITE or FLUSH
     * @param offset byte offset
     * @param length bytes
     * @param reason the NBD error number or why the reply never came
     */
    record Failure(long nanos, long issuedNanos, String op, long offset, int length, String reason) {
        @Override
        public String toString() {
            return op + " " + length + "@" + offset + ": " + reason;
        }
    }

    private final long startNanos;
    private long[] completions = new long[1 << 16];
    private int count;
    private long[] latencies = new long[1 << 16];
    private boolean[] succeeded = new boolean[1 << 16];
    private final List<Failure> failures = new ArrayList<>();
    /** Per write sequence number (index): when it was sent and when its outcome came (0: not yet). */
    private long[] writeIssued = new long[1 << 16];
    private long[] writeDone = new long[1 << 16];
    private final Map<String, Long> marks = new LinkedHashMap<>();

    Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** A request completed at {@code nanos} after {@code latencyNanos}; {@code ok}: successfully. */
    synchronized void completed(long nanos, long latencyNanos, boolean ok) {
        if (count == completions.length) {
            completions = Arrays.copyOf(completions, count * 2);
            latencies = Arrays.copyOf(latencies, count * 2);
            succeeded = Arrays.copyOf(succeeded, count * 2);
        }
        completions[count] = nanos;
        latencies[count] = latencyNanos;
        succeeded[count] = ok;
        count++;
    }

    /** Write {@code seq} was sent at {@code nanos}. */
    synchronized void writeIssued(long seq, long nanos) {
        if (seq >= writeIssued.length) {
            int size = (int) Math.max(seq + 1, writeIssued.length * 2L);
            writeIssued = Arrays.copyOf(writeIssued, size);
            writeDone = Arrays.copyOf(writeDone, size);
        }
        writeIssued[(int) seq] = nanos;
    }

    /** The outcome of write {@code seq} came at {@code nanos}. */
    synchronized void writeDone(long seq, long nanos) {
        writeDone[(int) seq] = nanos;
    }

    /** "write #N sent at X ms, answered at Y ms" (since the start), for mismatch reports. */
    synchronized String describeWrite(long seq) {
        if (seq <= 0 || seq >= writeIssued.length || writeIssued[(int) seq] == 0) {
            return "write #" + seq + " (not sent by this run)";
        }
        long done = writeDone[(int) seq];
        return String.format("write #%d sent at %.0f ms, %s", seq, (writeIssued[(int) seq] - startNanos) / 1e6,
                done == 0 ? "never answered" : String.format("answered at %.0f ms", (done - startNanos) / 1e6));
    }

    synchronized void failed(Failure failure) {
        failures.add(failure);
    }

    /** Records event {@code name} now (e.g. "link A down"); names must be unique. */
    synchronized long mark(String name) {
        long now = System.nanoTime();
        if (marks.putIfAbsent(name, now) != null) {
            throw new IllegalArgumentException("mark '" + name + "' was already set");
        }
        return now;
    }

    synchronized long markNanos(String name) {
        Long at = marks.get(name);
        if (at == null) {
            throw new IllegalArgumentException("no mark '" + name + "'; marks: " + marks.keySet());
        }
        return at;
    }

    synchronized int completions() {
        return count;
    }

    /** Completions (successful or not) after event {@code name}. */
    synchronized int completionsAfter(String name) {
        return countAfter(name, false);
    }

    /** Successful completions after event {@code name}. */
    synchronized int successesAfter(String name) {
        return countAfter(name, true);
    }

    private int countAfter(String name, boolean onlySuccesses) {
        long at = markNanos(name);
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (completions[i] > at && (succeeded[i] || !onlySuccesses)) {
                n++;
            }
        }
        return n;
    }

    synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Milliseconds from event {@code name} to the first failure seen after it, if any. */
    synchronized Optional<Double> firstFailureAfterMs(String name) {
        long at = markNanos(name);
        return failures.stream().mapToLong(Failure::nanos).filter(n -> n >= at).min()
                .stream().mapToObj(n -> (n - at) / 1e6).findFirst();
    }

    /** Milliseconds from event {@code name} to the first failure seen at all (negative when before it). */
    synchronized Optional<Double> firstFailureRelativeToMs(String name) {
        long at = markNanos(name);
        return failures.stream().mapToLong(Failure::nanos).min().stream().mapToObj(n -> (n - at) / 1e6).findFirst();
    }

    /**
     * The longest time without a completion that ends after event {@code name}, measured from the
     * later of the event and the last completion before it: for a path failure, the failover time as
     * the client saw it. Empty when nothing completed after the event.
     */
    synchronized Optional<Double> gapAfterMs(String name) {
        long at = markNanos(name);
        long[] sorted = Arrays.copyOf(completions, count);
        Arrays.sort(sorted);
        long previous = at;
        long longest = -1;
        for (long c : sorted) {
            if (c <= at) {
                continue;
            }
            longest = Math.max(longest, c - previous);
            previous = c;
        }
        return longest < 0 ? Optional.empty() : Optional.of(longest / 1e6);
    }

    /** The longest time without a completion over the whole run (from its start), in ms. */
    synchronized double longestGapMs() {
        long[] sorted = Arrays.copyOf(completions, count);
        Arrays.sort(sorted);
        long previous = startNanos;
        long longest = 0;
        for (long c : sorted) {
            longest = Math.max(longest, c - previous);
            previous = c;
        }
        return longest / 1e6;
    }

    /** The latency percentile {@code p} (0..100) over all completions, in ms (0 when none). */
    synchronized double latencyPercentileMs(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(p / 100.0 * count) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Marks with their time since the start, in ms, for reports. */
    synchronized String marksSummary() {
        StringBuilder sb = new StringBuilder();
        marks.forEach((k, v) -> sb.append(String.format("%s@%.0fms ", k, (v - startNanos) / 1e6)));
        return sb.toString().trim();
    }
}
