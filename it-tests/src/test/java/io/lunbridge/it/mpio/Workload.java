package io.lunbridge.it.mpio;

import io.lunbridge.it.harness.NbdClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A write-heavy mixed workload on one NBD connection: requests of 512 B to 1 MiB (multiples of
 * 512) at random offsets, {@link Settings#queueDepth()} in flight, every write with data unique to
 * it ({@link SectorPattern}), no two in-flight requests overlapping (so each sector's history is
 * linear, see {@link WriteHistory}). Every outcome is recorded: acknowledged and failed writes in
 * the history, every completion and failure with its time in the {@link Timeline}; reads are
 * checked against the history when they complete.
 *
 * <p>One submitting thread; completions run on the client's reader thread. After a failed request
 * the submitter pauses briefly before the next, so a device that fails every request does not
 * produce millions of failures; when the NBD connection itself is lost it stops submitting.
 */
final class Workload {
    private static final Logger LOG = LogManager.getLogger(Workload.class);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(20);

    /**
     * @param queueDepth   requests in flight (≥ 1)
     * @param maxSectors   largest request in sectors (2048 = 1 MiB)
     * @param writePercent share of writes among the requests, 0..100
     * @param flushPercent share of FLUSHes, 0..100 - writePercent (the rest are reads)
     * @param seed         random seed (offsets, sizes, operation mix)
     */
    record Settings(int queueDepth, int maxSectors, int writePercent, int flushPercent, long seed) {
        Settings {
            if (queueDepth < 1 || maxSectors < 1 || writePercent < 0 || flushPercent < 0
                    || writePercent + flushPercent > 100) {
                throw new IllegalArgumentException("bad workload settings: queueDepth " + queueDepth + ", maxSectors "
                        + maxSectors + ", writePercent " + writePercent + ", flushPercent " + flushPercent);
            }
        }

        /** QD 32, up to 1 MiB, 80 % writes, 2 % flushes. */
        static Settings writeHeavy(long seed) {
            return new Settings(32, 2048, 80, 2, seed);
        }
    }

    /**
     * What the run did.
     *
     * @param writesAcked   writes acknowledged
     * @param writesFailed  writes that failed or whose reply never came
     * @param readsOk       reads completed
     * @param readsFailed   reads failed
     * @param flushesOk     flushes completed
     * @param flushesFailed flushes failed
     * @param unfinished    requests still without a reply when the run was stopped
     * @param readMismatches sectors a read returned that the history did not allow (first ones)
     * @param timeline      the times of everything
     */
    record Result(long writesAcked, long writesFailed, long readsOk, long readsFailed, long flushesOk,
                  long flushesFailed, int unfinished, List<WriteHistory.Mismatch> readMismatches, Timeline timeline) {

        long failures() {
            return writesFailed + readsFailed + flushesFailed;
        }

        String summary() {
            List<Timeline.Failure> failures = timeline.failures();
            return String.format("writes %d acked / %d failed, reads %d / %d, flushes %d / %d, unfinished %d, "
                            + "read mismatches %d; latency p50 %.1f ms p99 %.1f ms max %.1f ms; longest gap %.0f ms; %s%s",
                    writesAcked, writesFailed, readsOk, readsFailed, flushesOk, flushesFailed, unfinished,
                    readMismatches.size(), timeline.latencyPercentileMs(50), timeline.latencyPercentileMs(99),
                    timeline.latencyPercentileMs(100), timeline.longestGapMs(), timeline.marksSummary(),
                    failures.isEmpty() ? "" : "; first failures " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private enum Op { READ, WRITE, FLUSH }

    private final NbdClient client;
    private final WriteHistory history;
    private final Settings settings;
    private final Timeline timeline;
    private final SplittableRandom random;
    private final Semaphore slots;
    private final BitSet busy = new BitSet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean lastFailed = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Write sequence number → {sector, count} of the writes without a reply yet. */
    private final Map<Long, long[]> writesInFlight = new ConcurrentHashMap<>();
    private final List<WriteHistory.Mismatch> readMismatches = new ArrayList<>();
    private final long[] counts = new long[6];
    private final Thread submitter;
    private long nextSeq = 1;

    private Workload(NbdClient client, WriteHistory history, Settings settings) {
        this.client = client;
        this.history = history;
        this.settings = settings;
        this.timeline = new Timeline(System.nanoTime());
        this.random = new SplittableRandom(settings.seed());
        this.slots = new Semaphore(settings.queueDepth());
        this.submitter = new Thread(this::submitLoop, "workload-submitter");
    }

    /** Starts the workload on {@code client}, recording into {@code history} (sized for the export). */
    static Workload start(NbdClient client, WriteHistory history, Settings settings) {
        if (history.sectors() * SectorPattern.SECTOR != client.info().sizeBytes()) {
            throw new IllegalArgumentException("history of " + history.sectors() + " sectors for an export of "
                    + client.info().sizeBytes() + " bytes");
        }
        Workload w = new Workload(client, history, settings);
        w.submitter.start();
        return w;
    }

    Timeline timeline() {
        return timeline;
    }

    /** Records event {@code name} now (see {@link Timeline#mark(String)}). */
    long mark(String name) {
        LOG.info("workload event: {}", name);
        return timeline.mark(name);
    }

    private void submitLoop() {
        try {
            while (running.get()) {
                if (!client.isConnected()) {
                    LOG.warn("NBD connection lost; the workload stops submitting");
                    return;
                }
                if (lastFailed.get()) {
                    Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
                }
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int roll = random.nextInt(100);
                Op op = roll < settings.writePercent() ? Op.WRITE
                        : roll < settings.writePercent() + settings.flushPercent() ? Op.FLUSH : Op.READ;
                if (op == Op.FLUSH) {
                    issue(op, 0, 0);
                    continue;
                }
                int count = size();
                long sector = claim(count);
                if (sector < 0) {
                    slots.release();
                    Thread.sleep(1);
                    continue;
                }
                issue(op, sector, count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("workload submitter failed", e);
        }
    }

    private int size() {
        int k = random.nextInt(12);
        return Math.min(settings.maxSectors(), (1 << k) + random.nextInt(1 << k));
    }

    /** Marks a free range of {@code count} sectors busy and returns its first sector, or -1. */
    private long claim(int count) {
        long limit = history.sectors() - count;
        synchronized (busy) {
            for (int attempt = 0; attempt < 16; attempt++) {
                int first = (int) random.nextLong(limit + 1);
                int next = busy.nextSetBit(first);
                if (next < 0 || next >= first + count) {
                    busy.set(first, first + count);
                    return first;
                }
            }
        }
        return -1;
    }

    private void issue(Op op, long sector, int count) {
        long offset = sector * SectorPattern.SECTOR;
        int length = count * SectorPattern.SECTOR;
        long seq = op == Op.WRITE ? nextSeq++ : 0;
        long started = System.nanoTime();
        CompletableFuture<NbdClient.Reply> reply;
        switch (op) {
            case WRITE -> {
                writesInFlight.put(seq, new long[] {sector, count});
                timeline.writeIssued(seq, started);
                ByteBuffer data = ByteBuffer.allocate(length);
                SectorPattern.fill(data, seq, sector, count);
                reply = client.write(offset, data);
            }
            case READ -> reply = client.read(offset, length);
            default -> reply = client.flush();
        }
        inFlight.incrementAndGet();
        reply.whenComplete((r, error) -> completed(op, seq, sector, count, started, r, error));
    }

    private void completed(Op op, long seq, long sector, int count, long started, NbdClient.Reply reply,
                           Throwable error) {
        long now = reply != null ? reply.completedNanos() : System.nanoTime();
        boolean ok = reply != null && reply.ok();
        if (op == Op.WRITE) {
            if (writesInFlight.remove(seq) == null) {
                return; // already given up as unfinished by stop()
            }
            timeline.writeDone(seq, now);
            if (ok) {
                history.acknowledged(seq, sector, count);
            } else {
                history.failed(seq, sector, count);
            }
        } else if (op == Op.READ && ok) {
            List<WriteHistory.Mismatch> bad = history.check(sector, reply.data());
            if (!bad.isEmpty()) {
                synchronized (readMismatches) {
                    readMismatches.addAll(bad.subList(0, Math.min(bad.size(), WriteHistory.REPORTED)));
                }
            }
        }
        synchronized (counts) {
            counts[op.ordinal() * 2 + (ok ? 0 : 1)]++;
        }
        timeline.completed(now, now - started, ok);
        if (!ok) {
            String reason = reply != null ? "NBD error " + reply.error() : describe(error);
            timeline.failed(new Timeline.Failure(now, started, op.name(), sector * SectorPattern.SECTOR,
                    count * SectorPattern.SECTOR, reason));
        }
        lastFailed.set(!ok);
        if (op != Op.FLUSH) {
            synchronized (busy) {
                busy.clear((int) sector, (int) sector + count);
            }
        }
        inFlight.decrementAndGet();
        slots.release();
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return String.valueOf(cause.getMessage());
    }

    /**
     * Stops submitting, waits up to {@code drain} for the requests in flight, and returns the result.
     * Requests still without a reply count as {@link Result#unfinished()}; a write among them is
     * recorded as failed (its outcome is unknown).
     */
    Result stop(Duration drain) throws InterruptedException {
        running.set(false);
        submitter.join(drain.toMillis());
        long deadline = System.nanoTime() + drain.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        int unfinished = inFlight.get();
        for (Long seq : writesInFlight.keySet()) {
            long[] range = writesInFlight.remove(seq);
            if (range != null) {
                history.failed(seq, range[0], (int) range[1]);
            }
        }
        long[] c;
        synchronized (counts) {
            c = counts.clone();
        }
        List<WriteHistory.Mismatch> mismatches;
        synchronized (readMismatches) {
            mismatches = List.copyOf(readMismatches);
        }
        Result result = new Result(c[2], c[3], c[0], c[1], c[4], c[5], unfinished, mismatches, timeline);
        LOG.info("workload result: {}", result.summary());
        return result;
    }
}
