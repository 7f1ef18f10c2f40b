package io.lunbridge.bridge.nbd.transmission;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logs the requests one connection's validator rejected: the first ten at WARN (the tenth saying
 * that more go to DEBUG), the rest at DEBUG, so a misbehaving client cannot flood the log.
 * Owned by the connection's event loop; not thread-safe.
 */
final class RejectionLog {
    private static final Logger LOG = LogManager.getLogger(TransmissionHandler.class);
    private static final int LOGGED_REJECTIONS = 10;

    private final String peer;
    private final String export;
    private int rejections;

    RejectionLog(String peer, String export) {
        this.peer = peer;
        this.export = export;
    }

    void log(NbdRequest r, Rejection rejection) {
        rejections++;
        if (rejections <= LOGGED_REJECTIONS) {
            LOG.warn("NBD client {} export '{}': {} (handle 0x{}) -> {}{}", peer, export,
                    rejection.message(), Long.toHexString(r.handle()), rejection.errno(),
                    rejections == LOGGED_REJECTIONS ? "; further rejections on this connection logged at DEBUG" : "");
        } else {
            LOG.debug("NBD client {}: {} -> {}", peer, rejection.message(), rejection.errno());
        }
    }

    /** The message of the innermost cause, or its class name when it has none. */
    static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
