package io.lunbridge.app.daemon;

import io.lunbridge.app.control.ControlReply;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What wakes the daemon's main thread: signals, and control requests whose work (an attach, a
 * detach) must run there. Any thread queues; only the main thread polls and carries out. A request
 * queued while the daemon stops, or still queued when it ends, is answered {@code refused}.
 */
final class DaemonEvents {
    private static final Logger LOG = LogManager.getLogger(DaemonEvents.class);
    /** How long a control request waits for the main thread (a login may take minutes: 120 s per attempt). */
    static final Duration REQUEST_WAIT = Duration.ofMinutes(5);

    /** A signal or a request. */
    sealed interface Event permits Signal, Request {
    }

    /** A queued signal: "SIGHUP", "SIGTERM" or "SIGINT". */
    record Signal(String name) implements Event {
    }

    /** A queued control request ({@code what}, for the log) with the work to do on the main thread. */
    record Request(String what, Supplier<ControlReply> work, CompletableFuture<ControlReply> reply) implements Event {
        /** Answers that the daemon is stopping, without doing the work. */
        void refuseStopping() {
            reply.complete(ControlReply.refused("the daemon is stopping: '" + what + "' not carried out"));
        }

        /** Does the work (main thread); whatever it throws becomes its error answer. */
        void carryOut() {
            try {
                reply.complete(work.get());
            } catch (RuntimeException e) {
                LOG.error("control request '{}' failed", what, e);
                reply.complete(ControlReply.error("'" + what + "' failed: " + e.getMessage()));
            }
        }
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final BooleanSupplier stopping;

    /** {@code stopping}: whether requests are refused at once. */
    DaemonEvents(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    void signal(String name) {
        queue.offer(new Signal(name));
    }

    /**
     * Queues {@code work} for the main thread without waiting for it (an iSNS change); dropped, with
     * a log line, while the daemon stops.
     */
    void post(String what, Runnable work) {
        if (stopping.getAsBoolean()) {
            LOG.info("'{}' not carried out: the daemon is stopping", what);
            return;
        }
        queue.offer(new Request(what, () -> {
            work.run();
            return ControlReply.ok(what);
        }, new CompletableFuture<>()));
    }

    /** Queues {@code work} for the main thread and waits for its answer (at most {@link #REQUEST_WAIT}). */
    ControlReply submit(String what, Supplier<ControlReply> work) {
        Request r = new Request(what, work, new CompletableFuture<>());
        if (stopping.getAsBoolean()) {
            r.refuseStopping();
            return r.reply().join();
        }
        queue.offer(r);
        if (stopping.getAsBoolean() && queue.remove(r)) {
            // the daemon began to stop between the check and the offer: its last refuseQueued may be
            // past, and nothing would answer (taken by the main thread instead, it is answered there)
            r.refuseStopping();
        }
        try {
            return r.reply().get(REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return ControlReply.error("'" + what + "' not finished after " + REQUEST_WAIT.toSeconds()
                    + " s; see the daemon's log");
        } catch (ExecutionException e) {
            return ControlReply.error("'" + what + "' failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlReply.error("interrupted while waiting for '" + what + "'");
        }
    }

    /** The next event within {@code timeout}, or null (main thread). */
    Event poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Answers every request still queued with {@code refused} (the daemon ends). */
    void refuseQueued() {
        for (Event e = queue.poll(); e != null; e = queue.poll()) {
            if (e instanceof Request r) {
                r.refuseStopping();
            }
        }
    }
}
