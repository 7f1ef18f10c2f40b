package io.lunbridge.app.daemon;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the daemon tells systemd: READY=1, RELOADING=1 and STOPPING=1 with the status line, STATUS=
 * only when the line changed since it was last sent; WATCHDOG=1 comes from the main loop itself
 * ({@link MainLoopWatchdog}). A failed send is logged, never fatal (systemd may be gone at shutdown).
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

    /** The watchdog the main loop pings itself ({@link MainLoopWatchdog}). */
    MainLoopWatchdog watchdog() {
        return new MainLoopWatchdog(notify);
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
