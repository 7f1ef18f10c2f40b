package io.lunbridge.bridge.fuse;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the FUSE server did, for status output and tests: requests per kind, device flushes that
 * completed successfully (each one a SYNCHRONIZE CACHE on an iSCSI LUN), errors answered, the
 * largest number of READ/WRITE/FSYNC requests in flight at once and reply bytes that had to be
 * copied into native memory. Lock-free.
 */
public final class FuseCounters {
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder fsyncs = new LongAdder();
    private final LongAdder flushesCompleted = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder copiedBytes = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();

    /** A snapshot. */
    public record Snapshot(long reads, long writes, long fsyncs, long flushesCompleted, long errors,
                           long badRequests, long maxInFlight, long copiedBytes) {
    }

    public Snapshot snapshot() {
        return new Snapshot(reads.sum(), writes.sum(), fsyncs.sum(), flushesCompleted.sum(), errors.sum(),
                badRequests.sum(), maxInFlight.get(), copiedBytes.sum());
    }

    void read() {
        reads.increment();
    }

    void write() {
        writes.increment();
    }

    void fsync() {
        fsyncs.increment();
    }

    void flushCompleted() {
        flushesCompleted.increment();
    }

    void error() {
        errors.increment();
    }

    void badRequest() {
        badRequests.increment();
    }

    void copied(long bytes) {
        copiedBytes.add(bytes);
    }

    void started() {
        long now = inFlight.incrementAndGet();
        long max = maxInFlight.get();
        while (now > max && !maxInFlight.compareAndSet(max, now)) {
            max = maxInFlight.get();
        }
    }

    void finished() {
        inFlight.decrementAndGet();
    }
}
