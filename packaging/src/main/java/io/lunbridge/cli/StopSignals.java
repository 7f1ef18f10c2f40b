package io.lunbridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for {@code attach}, each delivered to a listener (not the JVM's shutdown, which
 * could not keep serving a mounted device, nor tell a second signal from the first). Signals that
 * arrive before the listener is set (during login) are held and delivered when it is set.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported): the JDK has no supported API for
 * handling a signal without starting the JVM's shutdown.
 */
final class StopSignals {
    /** The exit status of a process stopped by {@code name}: 128 + the signal number. */
    static int exitStatus(String name) {
        return 128 + new Signal(name).getNumber();
    }

    private final List<String> early = new ArrayList<>();
    private Consumer<String> listener;

    StopSignals() {
        this(List.of("TERM", "INT"));
    }

    /** The signals {@code names} (e.g. TERM, INT, HUP for the daemon), each delivered as "SIG" + name. */
    StopSignals(List<String> names) {
        for (String name : names) {
            Signal.handle(new Signal(name), s -> deliver("SIG" + s.getName()));
        }
    }

    private void deliver(String name) {
        Consumer<String> l;
        synchronized (this) {
            l = listener;
            if (l == null) {
                early.add(name);
                return;
            }
        }
        l.accept(name);
    }

    /** Sets where signals go and hands it those that came before. */
    void listen(Consumer<String> to) {
        List<String> held;
        synchronized (this) {
            listener = to;
            held = List.copyOf(early);
            early.clear();
        }
        held.forEach(to);
    }

    /** Whether a signal arrived before any listener was set. */
    synchronized boolean arrivedEarly() {
        return !early.isEmpty();
    }
}
