package io.lunbridge.protocol.pdu;

/**
 * A PDU that violates RFC 7143 framing or field rules. It is a connection error: the connection
 * that received it must be closed. The message always names the offending field and its value.
 */
public final class PduFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PduFormatException(String message) {
        super(message);
    }
}
