package io.lunbridge.app.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the daemon tells systemd: READY=1, RELOADING=1 and STOPPING=1 with the status line, STATUS=
 * only when the line changed since it was last sent, and WATCHDOG=1 every half WATCHDOG_USEC from a
 * thread of its own. A failed send is logged, never fatal (systemd may be gone at shutdown).
 */
final class DaemonNotifier {
    private static final Logger LOG = LogManager.getLogger(DaemonNotifier.class);

    private final SdNotify notify;
    private final Supplier<String> statusLine;
    private String lastStatus = "";

    /** @param statusLine computes the STATUS= text now ({@code 2 devices, 0 queueing}) */
    DaemonNotifier(SdNotify notify, Supplier<String> statusLine) {
        this.notify = notify;
        this.statusLine = statusLine;
    }

    void ready() {
        String status = statusLine.get();
        synchronized (this) {
            lastStatus = status;
        }
        tell(() -> notify.ready(status));
    }

    void reloading() {
        tell(notify::reloading);
    }

    void stopping() {
        tell(() -> notify.stopping("stopping: detaching " + statusLine.get()));
    }

    /** Sends STATUS= when the status line changed since it was last sent (and logs it). */
    void refresh() {
        String status = statusLine.get();
        synchronized (this) {
            if (status.equals(lastStatus)) {
                return;
            }
            lastStatus = status;
        }
        LOG.info("status: {}", status);
        tell(() -> notify.status(status));
    }

    /** Starts WATCHDOG=1 when systemd asks for it (the caller shuts the executor down); else null. */
    ScheduledExecutorService startWatchdog() {
        Optional<Duration> every = notify.watchdogInterval();
        if (every.isEmpty() || !notify.enabled()) {
            return null;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lunbridge-watchdog");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, every.get().toMillis());
        s.scheduleAtFixedRate(() -> tell(notify::watchdog), 0, ms, TimeUnit.MILLISECONDS);
        LOG.info("systemd watchdog: WATCHDOG=1 every {} ms", ms);
        return s;
    }

    private static void tell(NotifyCall call) {
        try {
            call.send();
        } catch (IOException e) {
            LOG.warn("sd_notify: {}", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface NotifyCall {
        void send() throws IOException;
    }
}
