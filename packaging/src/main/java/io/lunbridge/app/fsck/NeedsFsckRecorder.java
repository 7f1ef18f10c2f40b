package io.lunbridge.app.fsck;

import io.lunbridge.app.store.ConfigStore;
import io.lunbridge.mpio.IoFailure;
import io.lunbridge.mpio.IoFailureListener;
import io.lunbridge.protocol.naming.IscsiName;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Flags a LUN "needs fsck" in the store when its multipath device failed I/O with EIO for lack of a
 * path ({@link IoFailure}). The device tells its listener on its event loop; the listener only
 * queues the write, which one thread of this recorder does (the store is SQLite with
 * {@code synchronous=FULL}: a committed flag survives a crash). So the event loop never waits for
 * the disk. {@link #close()} finishes the queued writes (bounded), so the counts reported when a
 * device closes are kept. Used by {@code attach} (every mode) and by the daemon.
 */
public final class NeedsFsckRecorder implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(NeedsFsckRecorder.class);
    private static final long DRAIN_SECONDS = 10;

    private final Path store;
    private final ExecutorService writer;

    /** A recorder writing into the store file {@code store} (created if absent, as the other verbs do). */
    public NeedsFsckRecorder(Path store) {
        this.store = store;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lunbridge-needs-fsck");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The listener for the device of {@code target} LUN {@code lun}; {@code device} says where it is
     * attached now (/dev/loopN, /dev/nbdN; empty while attaching), and must be safe to call from any thread.
     */
    public IoFailureListener listener(String target, String lun, Supplier<Optional<String>> device) {
        IscsiName name = IscsiName.parse(target);
        return failure -> {
            Optional<String> dev = device.get();
            try {
                writer.execute(() -> write(name, lun, failure, dev));
            } catch (RejectedExecutionException e) {
                LOG.error("LUN {} of {}: {} I/O(s) failed ({}), but the store {} is no longer written: run lunbridge"
                        + " fsck on it", lun, target, failure.failed(), failure.reason(), store);
            }
        };
    }

    private void write(IscsiName target, String lun, IoFailure f, Optional<String> device) {
        try (ConfigStore s = ConfigStore.open(store)) {
            s.recordIoFailure(target, lun, f.newEpisode(), f.since(), f.reason(), f.failed(), device);
            if (f.newEpisode()) {
                LOG.warn("LUN {} of {}{} flagged 'needs fsck' in {}: {}, {} I/O(s) failed with EIO; run lunbridge"
                        + " fsck once the target is back", lun, target, device.map(d -> " (" + d + ")").orElse(""),
                        store, f.reason(), f.failed());
            } else {
                LOG.info("LUN {} of {}: {} more I/O(s) failed in that episode, recorded in {}", lun, target,
                        f.failed(), store);
            }
        } catch (RuntimeException e) {
            LOG.error("LUN {} of {}: {} I/O(s) failed ({}), but the 'needs fsck' flag could not be recorded: {}; run"
                    + " lunbridge fsck on it", lun, target, f.failed(), f.reason(), e.getMessage());
        }
    }

    /** Writes what is queued (at most {@value #DRAIN_SECONDS} s), then stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.error("the 'needs fsck' flags for {} were not all written within {} s", store, DRAIN_SECONDS);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
