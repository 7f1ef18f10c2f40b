package io.lunbridge.wire;

/**
 * The one way every decoder of lunbridge reports malformed input from a peer (docs/architecture.md,
 * "Decoder errors"): each protocol has its own subclass ({@code PduFormatException}, {@code
 * IsnsFormatException}, {@code SlpFormatException}, {@code NbdFormatException}, {@code FuseFormatException},
 * {@code NetlinkFormatException}), which carries the
 * field that was wrong and its byte offset, and whose message names the field and the bad value.
 * A decoder stops at the first one and discards the rest of the stream (nothing after a framing
 * error can be trusted).
 *
 * <p>Lives beside the seam types (in the protocol module, outside {@code io.lunbridge.protocol}) so
 * that the bridge's decoders share it; it refers to nothing else of lunbridge.
 */
public abstract class MalformedInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The offset when the input is a value already decoded, where no byte position is known. */
    public static final int UNKNOWN_OFFSET = -1;

    private final String field;
    private final int offset;

    /**
     * @param field the field that was wrong, as the protocol's specification names it
     * @param offset its byte offset in the unit it was read from (PDU, message, frame), or {@link #UNKNOWN_OFFSET}
     * @param message the whole message, naming the field and the bad value
     */
    protected MalformedInputException(String field, int offset, String message) {
        super(message);
        this.field = field;
        this.offset = offset;
    }

    /** The message "FIELD at offset N: PROBLEM" (or "FIELD: PROBLEM" when the offset is unknown). */
    protected static String describe(String field, int offset, String problem) {
        return field + (offset >= 0 ? " at offset " + offset : "") + ": " + problem;
    }

    /** The field that was wrong, e.g. "DataSegmentLength" or "attribute 32 (iSCSI Name) length". */
    public final String field() {
        return field;
    }

    /** Byte offset of the field in the unit it was read from, {@link #UNKNOWN_OFFSET} if unknown. */
    public final int offset() {
        return offset;
    }
}
