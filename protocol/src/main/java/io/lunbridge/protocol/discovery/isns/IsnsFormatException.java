package io.lunbridge.protocol.discovery.isns;

import io.lunbridge.wire.MalformedInputException;

/**
 * Malformed iSNSP input: a PDU header, attribute or message that violates RFC 4171. The message
 * names the offending field, its value and the byte offset where it was found, so that a bad
 * server answer can be diagnosed from the log alone.
 */
public final class IsnsFormatException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    public IsnsFormatException(String field, int offset, String problem) {
        super(field, offset, "malformed iSNS message: " + describe(field, offset, problem));
    }

    /** A problem found in decoded attributes, where no byte offset is known. */
    public IsnsFormatException(String field, String problem) {
        this(field, UNKNOWN_OFFSET, problem);
    }
}
