package io.lunbridge.protocol.discovery.isns;

/**
 * Malformed iSNSP input: a PDU header, attribute or message that violates RFC 4171. The message
 * names the offending field, its value and the byte offset where it was found, so that a bad
 * server answer can be diagnosed from the log alone.
 */
public final class IsnsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final int offset;

    public IsnsFormatException(String field, int offset, String problem) {
        super("malformed iSNS message: " + field + " at offset " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    /** A problem found in decoded attributes, where no byte offset is known (offset -1). */
    public IsnsFormatException(String field, String problem) {
        super("malformed iSNS message: " + field + ": " + problem);
        this.field = field;
        this.offset = -1;
    }

    /** The field that was wrong, e.g. "PDU length" or "attribute 32 (iSCSI Name) length". */
    public String field() {
        return field;
    }

    /** Byte offset of the field in the PDU or message payload it was read from, -1 if unknown. */
    public int offset() {
        return offset;
    }
}
