package io.lunbridge.protocol.session;

import io.lunbridge.state.Transitions;

/**
 * Life cycle of a full-feature session over its one connection. Transitions:
 * LOGGED_IN → LOGGING_OUT → CLOSED; LOGGED_IN | LOGGING_OUT → FAILED → CLOSED.
 */
public enum SessionState implements Transitions<SessionState> {
    /** Full feature phase: commands are accepted. */
    LOGGED_IN,
    /** Logout started: no new commands; outstanding ones finish, then Logout is exchanged. */
    LOGGING_OUT,
    /** The connection failed; every outstanding command was failed as retryable. */
    FAILED,
    /** Closed; terminal. */
    CLOSED;

    @Override
    public boolean canMoveTo(SessionState next) {
        switch (this) {
            case LOGGED_IN:
                return next == LOGGING_OUT || next == FAILED || next == CLOSED;
            case LOGGING_OUT:
                return next == FAILED || next == CLOSED;
            case FAILED:
                return next == CLOSED;
            default:
                return false;
        }
    }
}
