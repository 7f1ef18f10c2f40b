package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.wire.MalformedInputException;

/**
 * A malformed SLPv2 message or attribute list. The message names the message type, the field and
 * its byte offset from the start of the message (or character position in an attribute list), so
 * that a dropped datagram can be explained in a log line. A user agent drops such messages.
 */
public final class SlpFormatException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the field (or attribute) that was wrong
     * @param offset its byte offset from the start of the message, its character position in an
     *     attribute list, or {@link #UNKNOWN_OFFSET} for a value already decoded
     * @param message the complete, field-naming message
     */
    public SlpFormatException(String field, int offset, String message) {
        super(field, offset, message);
    }
}
