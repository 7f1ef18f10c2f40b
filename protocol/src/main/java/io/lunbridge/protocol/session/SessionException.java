package io.lunbridge.protocol.session;

/**
 * A command or exchange that failed because of the session, not because of the SCSI target's
 * verdict on the command: the connection was lost, the command timed out and was aborted, the
 * target rejected the PDU, or the session is logging out. {@link #retryable()} tells an upper layer
 * (multipath) whether the same command may be issued again on another or a new session.
 */
public final class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a session operation failed. */
    public enum Kind {
        /** TCP connection closed or broken, keepalive unanswered: retry on a new session. */
        CONNECTION_LOST(true),
        /** Command timed out and was aborted at the target: retry is safe. */
        TIMEOUT(true),
        /** Target rejected the PDU as a protocol error. */
        REJECTED(false),
        /** Target asked for (or we started) logout; the command never reached the target. */
        LOGGED_OUT(true),
        /** The target violated the protocol; the connection was closed. */
        PROTOCOL(true),
        /** The session was closed by its owner. */
        CLOSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;

    public SessionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SessionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the command may be re-issued (it either never ran or was aborted). */
    public boolean retryable() {
        return kind.retryable;
    }
}
