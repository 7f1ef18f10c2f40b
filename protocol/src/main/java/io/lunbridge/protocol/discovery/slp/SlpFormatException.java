package io.lunbridge.protocol.discovery.slp;

/**
 * A malformed SLPv2 message or attribute list. The message names the message type, the field and
 * its byte offset from the start of the message (or character position in an attribute list), so
 * that a dropped datagram can be explained in a log line. A user agent drops such messages.
 */
public final class SlpFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a complete, field-naming message. */
    public SlpFormatException(String message) {
        super(message);
    }
}
