package io.lunbridge.app.lifecycle;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlRequest;
import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * When the disks of one attach process may go, and how. A stop (a signal, or {@code lunbridge
 * detach} on the control socket) never pulls a device from under a user: while a disk, a partition
 * or a holder on it (an LVM volume) is mounted or open, a detach request is refused naming the use,
 * and a signal keeps the process serving, saying what blocks the stop, until the use is gone. A
 * forced stop (a second signal, or {@code detach --force}) fences the disks (queued and later I/O
 * fails with EIO at once) and detaches them even though mounted, so that a stuck filesystem can be
 * unmounted lazily.
 *
 * <p>The state machine ({@link State}) has one transition method, which logs each change once at
 * INFO with its reason. Signals and control requests arrive on their own threads; the attach
 * process's main thread waits in {@link #awaitStop()} and then calls {@link #detachAll()}.
 */
public final class AttachLifecycle {
    private static final Logger LOG = LogManager.getLogger(AttachLifecycle.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration DETACH_REPLY_WAIT = Duration.ofSeconds(90);

    /** Where the attachment is. */
    public enum State implements Transitions<State> {
        /** Serving; nobody asked to stop. */
        SERVING,
        /** A signal asked to stop while a disk is in use: serving on until it is not. */
        WAITING_FOR_UNUSE,
        /** Stopping: the disks are not in use (or went away); they are detached normally. */
        STOPPING,
        /** Stopping by force: the disks are fenced (EIO) and detached even if in use. */
        FORCED;

        /** Never back to SERVING; FORCED is final, and any stop may still be forced. */
        @Override
        public boolean canMoveTo(State next) {
            switch (this) {
                case SERVING:
                    return next != SERVING;
                case WAITING_FOR_UNUSE:
                    return next == STOPPING || next == FORCED;
                case STOPPING:
                    return next == FORCED;
                default:
                    return false;
            }
        }
    }

    /** What the main thread does once {@link #awaitStop()} returns. */
    public enum Outcome { DETACH, FORCE, ENDED_BY_OTHERS }

    private final List<LocalDisk> disks;
    private final UsageProbe usage;
    private final CompletableFuture<List<String>> detached = new CompletableFuture<>();
    private final StateMachine<State> state = new StateMachine<>("attachment", State.SERVING, LOG);
    private String stopSignal;
    private List<String> lastUses = List.of();

    /** Who uses a device, one sentence per use ({@link DeviceUsage#users(java.nio.file.Path)} on a live system). */
    @FunctionalInterface
    public interface UsageProbe {
        List<String> uses(java.nio.file.Path device) throws IOException;
    }

    public AttachLifecycle(List<LocalDisk> disks, UsageProbe usage) {
        this.disks = List.copyOf(disks);
        this.usage = usage;
    }

    public synchronized State state() {
        return state.state();
    }

    /** The signal that stopped the process (for its exit status), if a signal did. */
    public synchronized java.util.Optional<String> stopSignal() {
        return java.util.Optional.ofNullable(stopSignal);
    }

    private synchronized void transition(State to, String reason) {
        if (state.moveToIfAllowed(to, reason)) {
            notifyAll();
        }
    }

    /** Current uses of every disk; an unreadable usage is itself reported as a use (fail safe). */
    public List<String> uses() {
        List<String> all = new ArrayList<>();
        for (LocalDisk d : disks) {
            try {
                all.addAll(usage.uses(d.device()));
            } catch (IOException | RuntimeException e) {
                all.add("cannot tell whether " + d.device() + " is in use: " + e.getMessage());
            }
        }
        return all;
    }

    /** A SIGTERM or SIGINT: stop when unused; the second one forces. */
    public void signal(String name) {
        synchronized (this) {
            if (stopSignal == null) {
                stopSignal = name;
            }
            if (state.state() == State.WAITING_FOR_UNUSE || state.state() == State.STOPPING) {
                transition(State.FORCED, "second " + name + " while waiting: forced stop, I/O fails with EIO");
                return;
            }
            if (state.state() != State.SERVING) {
                return;
            }
        }
        List<String> uses = uses();
        if (uses.isEmpty()) {
            transition(State.STOPPING, name + " received, the disks are not in use");
        } else {
            LOG.warn("{} received, but not detaching while {}: serving on until that ends; a second signal or "
                    + "'lunbridge detach --force' stops now and fails its I/O with EIO", name, String.join("; ", uses));
            synchronized (this) {
                lastUses = uses;
            }
            transition(State.WAITING_FOR_UNUSE, name + " received while in use");
        }
    }

    /** The control verb {@code detach [force]}: refused while in use unless forced; answers once detached. */
    public ControlReply detachRequest(ControlRequest request) {
        boolean force = request.has("force");
        if (force) {
            transition(State.FORCED, "lunbridge detach --force");
        } else {
            List<String> uses = uses();
            if (!uses.isEmpty()) {
                return ControlReply.refused("not detaching: " + String.join("; ", uses)
                        + "; unmount or close it first, or use --force (fails its I/O with EIO)");
            }
            transition(State.STOPPING, "lunbridge detach");
        }
        try {
            List<String> lines = detached.get(DETACH_REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new ControlReply(ControlReply.Status.OK, String.join("; ", lines), List.of());
        } catch (TimeoutException e) {
            return ControlReply.error("detach requested; the devices are not released after "
                    + DETACH_REPLY_WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return ControlReply.error("detach failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlReply.error("interrupted");
        }
    }

    /** The control verb {@code status}: state, devices and their uses as data lines. */
    public ControlReply statusRequest(ControlRequest request) {
        List<String> data = new ArrayList<>();
        for (LocalDisk d : disks) {
            data.add("device " + d.device());
        }
        for (String u : uses()) {
            data.add("use " + u);
        }
        return new ControlReply(ControlReply.Status.OK, "state " + state(), data);
    }

    /** Blocks until the disks are to be detached (or went away on their own) and says how. */
    public Outcome awaitStop() throws InterruptedException {
        CompletableFuture<?> allEnded = CompletableFuture.allOf(
                disks.stream().map(LocalDisk::ended).toArray(CompletableFuture[]::new));
        while (true) {
            State s;
            synchronized (this) {
                if (state.state() == State.SERVING && !allEnded.isDone()) {
                    wait(POLL.toMillis());
                }
                s = state.state();
            }
            switch (s) {
                case FORCED:
                    return Outcome.FORCE;
                case STOPPING:
                    return Outcome.DETACH;
                case WAITING_FOR_UNUSE:
                    waitForUnuse();
                    break;
                default:
                    if (allEnded.isDone()) {
                        LOG.info("every device was detached from outside this process");
                        return Outcome.ENDED_BY_OTHERS;
                    }
            }
        }
    }

    private void waitForUnuse() throws InterruptedException {
        synchronized (this) {
            wait(POLL.toMillis());
            if (state.state() != State.WAITING_FOR_UNUSE) {
                return;
            }
        }
        List<String> uses = uses();
        if (uses.isEmpty()) {
            transition(State.STOPPING, "the disks are no longer in use");
            return;
        }
        synchronized (this) {
            if (!uses.equals(lastUses)) {
                LOG.warn("still serving: {}", String.join("; ", uses));
                lastUses = uses;
            }
        }
    }

    /** Detaches every disk (fenced first when forced) and answers a waiting detach request. */
    public List<String> detachAll(Outcome how) {
        List<String> lines = new ArrayList<>();
        try {
            if (how == Outcome.FORCE) {
                for (LocalDisk d : disks) {
                    d.fence("forced detach");
                }
            }
            for (LocalDisk d : disks) {
                lines.add(d.detach());
            }
            detached.complete(lines);
        } catch (RuntimeException e) {
            detached.completeExceptionally(e);
            throw e;
        }
        return lines;
    }
}
