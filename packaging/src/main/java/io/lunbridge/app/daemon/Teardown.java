package io.lunbridge.app.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's stop: targets are detached in the order given (the reverse of attach order); a
 * target whose device is still mounted or held open is logged with the use and left attached until
 * last, its devices serving on until the use ends. A further SIGTERM or SIGINT while waiting
 * forces: the remaining devices are fenced (their I/O fails with EIO, so a stuck filesystem can be
 * unmounted lazily) and detached.
 */
final class Teardown {
    private static final Logger LOG = LogManager.getLogger(Teardown.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Daemon daemon;
    private final BlockingQueue<String> events;

    Teardown(Daemon daemon, BlockingQueue<String> events) {
        this.daemon = daemon;
        this.events = events;
    }

    void run(List<AttachedTarget> order) throws InterruptedException {
        List<AttachedTarget> inUse = new ArrayList<>();
        for (AttachedTarget t : order) {
            List<String> uses = t.uses();
            if (uses.isEmpty()) {
                daemon.detach(t, false);
            } else {
                LOG.warn("target {} left attached until last: {}", t.stored().name(), String.join("; ", uses));
                inUse.add(t);
            }
        }
        List<String> reported = List.of();
        while (!inUse.isEmpty()) {
            List<String> now = new ArrayList<>();
            for (AttachedTarget t : List.copyOf(inUse)) {
                List<String> uses = t.uses();
                if (uses.isEmpty()) {
                    daemon.detach(t, false);
                    inUse.remove(t);
                } else {
                    now.addAll(uses);
                }
            }
            if (inUse.isEmpty()) {
                return;
            }
            if (!now.equals(reported)) {
                LOG.warn("still serving while {}: unmount or close it; a second SIGTERM fails its I/O with EIO and "
                        + "detaches", String.join("; ", now));
                reported = now;
            }
            String event = events.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (event != null && !event.equals("SIGHUP")) {
                LOG.warn("{} while waiting: forced stop, the devices in use are fenced (EIO) and detached", event);
                for (AttachedTarget t : inUse) {
                    daemon.detach(t, true);
                }
                return;
            }
        }
    }
}
