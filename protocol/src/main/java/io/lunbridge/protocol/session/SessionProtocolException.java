package io.lunbridge.protocol.session;

/**
 * Thrown on the event loop while handling a PDU that is well-formed but breaks the protocol's rules;
 * {@link Session} fails the session with it. Every throw site has already released or handed on the
 * PDU's data.
 */
final class SessionProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SessionProtocolException(String message) {
        super(message, null, false, false);
    }
}
