package io.lunbridge.app.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's stop: targets are detached in the order given (the reverse of attach order), each
 * after the volume groups the daemon activated on it are deactivated. A
 * target in use (a device mounted or held open) whose devices can be handed over (kernel nbd over
 * netlink) is handed over: its devices stay configured in the kernel for the next daemon, which
 * takes them over by their backend identifier, and the session is logged out (this is what keeps
 * /dev/nbdN and its mounts across {@code systemctl restart}). Any other target in use (FUSE + loop) is
 * logged with the use and left attached until last, its devices serving on until the use ends. A further SIGTERM or SIGINT while waiting
 * forces: the remaining devices are fenced (their I/O fails with EIO, so a stuck filesystem can be
 * unmounted lazily) and detached.
 *
 * <p>A target with a {@code lunbridge fsck} running ({@link FsckClaims}) is neither handed over nor
 * has its volume groups deactivated: it is left attached until last, like a FUSE disk in use, and
 * detached once the check has ended (the CLI's answer comes first); the stop-wait bound and a
 * second signal apply to it as to any disk in use (then the checker sees its device fail with EIO).
 */
final class Teardown {
    private static final Logger LOG = LogManager.getLogger(Teardown.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Daemon daemon;
    private final DaemonEvents events;

    private final Duration stopWait;

    /** {@code stopWait}: how long a disk in use is waited for before it is fenced; zero for ever. */
    Teardown(Daemon daemon, DaemonEvents events, Duration stopWait) {
        this.daemon = daemon;
        this.events = events;
        this.stopWait = stopWait;
    }

    void run(List<AttachedTarget> order) throws InterruptedException {
        List<AttachedTarget> inUse = new ArrayList<>();
        for (AttachedTarget t : order) {
            java.util.Optional<String> fsck = daemon.fscks().running(t.stored().name());
            if (fsck.isPresent()) {
                LOG.warn("target {} left attached until last: {}", t.stored().name(), fsck.get());
                inUse.add(t);
                continue;
            }
            daemon.releaseVolumeGroups(t); // the VGs it activated first: their LVs hold the disks
            List<String> uses = t.uses();
            if (uses.isEmpty()) {
                daemon.detach(t, false);
            } else if (t.canHandOver()) {
                LOG.warn("target {} is in use ({}): handing its devices over to the next daemon instead of detaching",
                        t.stored().name(), String.join("; ", uses));
                daemon.handOver(t);
            } else {
                LOG.warn("target {} left attached until last: {}", t.stored().name(), String.join("; ", uses));
                inUse.add(t);
            }
        }
        List<String> reported = List.of();
        long deadline = System.nanoTime() + stopWait.toNanos();
        while (!inUse.isEmpty()) {
            List<String> now = new ArrayList<>();
            for (AttachedTarget t : List.copyOf(inUse)) {
                java.util.Optional<String> fsck = daemon.fscks().running(t.stored().name());
                if (fsck.isPresent()) {
                    now.add("target " + t.stored().name() + ": " + fsck.get());
                    continue;
                }
                daemon.releaseVolumeGroups(t); // an LV unmounted meanwhile can go now
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
            if (!stopWait.isZero() && System.nanoTime() - deadline >= 0) {
                LOG.error("still in use after {} s ({}): fencing (EIO) and detaching before the service manager kills "
                        + "this process", stopWait.toSeconds(), String.join("; ", now));
                for (AttachedTarget t : inUse) {
                    daemon.detach(t, true);
                }
                return;
            }
            DaemonEvents.Event event = events.poll(POLL);
            if (event instanceof DaemonEvents.Request r) {
                r.refuseStopping();
            } else if (event instanceof DaemonEvents.Signal s && !s.name().equals("SIGHUP")) {
                LOG.warn("{} while waiting: forced stop, the devices in use are fenced (EIO) and detached", s.name());
                for (AttachedTarget t : inUse) {
                    daemon.detach(t, true);
                }
                return;
            }
        }
    }
}
