package io.lunbridge.protocol.pdu;

/**
 * How PDUs are framed on one connection (RFC 7143 §13): whether header and data digests are on,
 * and the largest data segment each side accepts. They change once, when the login phase ends;
 * until then {@link #LOGIN} applies (no digests, 8192 bytes).
 *
 * @param headerDigest CRC32C after the BHS and AHS
 * @param dataDigest CRC32C after every non-empty data segment and its padding
 * @param maxRecvDataSegmentLength the largest data segment we accept; a received PDU with a longer
 *     one is a connection error
 * @param maxSendDataSegmentLength the largest data segment the peer accepts; sending a longer one
 *     is a programming error in the caller
 */
public record FramingParameters(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength,
                                int maxSendDataSegmentLength) {
    /** The framing of the login phase: no digests, 8192-byte data segments (RFC 7143 §13.12). */
    public static final FramingParameters LOGIN = new FramingParameters(false, false, 8192, 8192);

    /** The smallest value RFC 7143 §13.12 allows for MaxRecvDataSegmentLength. */
    public static final int MIN_DATA_SEGMENT_LENGTH = 512;

    /** The largest value RFC 7143 §13.12 allows for MaxRecvDataSegmentLength (2^24 - 1). */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xffffff;

    public FramingParameters {
        check("maxRecvDataSegmentLength", maxRecvDataSegmentLength);
        check("maxSendDataSegmentLength", maxSendDataSegmentLength);
    }

    private static void check(String name, int value) {
        if (value < MIN_DATA_SEGMENT_LENGTH || value > MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException(name + " " + value + " is outside "
                    + MIN_DATA_SEGMENT_LENGTH + ".." + MAX_DATA_SEGMENT_LENGTH);
        }
    }
}
