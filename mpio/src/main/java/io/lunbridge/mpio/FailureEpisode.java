package io.lunbridge.mpio;

import java.time.Instant;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The episodes of failed I/O of one {@link MultipathDevice}, reported to its
 * {@link IoFailureListener}: the first commands of an episode that fail with EIO for want of a path
 * are reported at once (a new episode: when, why, how many), and what failed after them when the
 * episode ends (a path is back, or the device closed).
 *
 * <p>Threads: owned by the device's event loop; only the listener may be set from any thread. A
 * listener that throws is logged and otherwise ignored.
 */
final class FailureEpisode {
    private static final Logger LOG = LogManager.getLogger(MultipathDevice.class);

    private final String device;
    private volatile IoFailureListener listener = IoFailureListener.NONE;
    private Instant since;
    private String reason;
    private long failed;
    private long reported;

    FailureEpisode(String device) {
        this.device = device;
    }

    /** Who hears of failed I/O; null for nobody. */
    void listener(IoFailureListener l) {
        listener = l == null ? IoFailureListener.NONE : l;
    }

    /**
     * {@code count} commands failed with EIO; the first of an episode are reported at once.
     *
     * @param why the episode's reason, used when these start one
     */
    void failed(int count, String why) {
        if (count == 0) {
            return;
        }
        boolean first = failed == 0;
        if (first) {
            since = Instant.now();
            reason = why;
        }
        failed += count;
        if (first) {
            report(true);
        }
    }

    /** The episode ended: reports what failed since its start was reported. */
    void end() {
        if (failed > reported) {
            report(false);
        }
        failed = 0;
        reported = 0;
        since = null;
        reason = null;
    }

    private void report(boolean first) {
        IoFailure f = new IoFailure(device, first, since, reason, failed - reported);
        reported = failed;
        try {
            listener.failed(f);
        } catch (RuntimeException e) {
            LOG.error("device {}: the I/O failure listener failed: {}", device, e.toString());
        }
    }
}
