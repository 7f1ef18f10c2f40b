package io.lunbridge.protocol.pdu;

import io.lunbridge.wire.MalformedInputException;

/**
 * A PDU that violates RFC 7143 framing or field rules. It is a connection error: the connection
 * that received it must be closed. The message always names the offending field and its value;
 * {@link #field()} and {@link #offset()} (from the start of the PDU) say where it was.
 */
public final class PduFormatException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the field as RFC 7143 names it, e.g. "DataSegmentLength"
     * @param offset its byte offset from the start of the PDU
     * @param message the whole message, naming the field and the bad value
     */
    public PduFormatException(String field, int offset, String message) {
        super(field, offset, message);
    }
}
