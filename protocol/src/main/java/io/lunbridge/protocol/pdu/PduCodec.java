package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Converts between PDU records and the RFC 7143 §11 wire layout of their basic header segment
 * (BHS, 48 bytes) and additional header segments (AHS). Pure functions without state; framing
 * (digests, padding, length limits) is the business of {@link PduDecoder} and {@link PduEncoder}.
 *
 * <p>Reserved fields are written as zero and ignored when read (RFC 7143 §11.2). The only AHS
 * supported is the Extended CDB AHS of a SCSI Command (CDBs longer than 16 bytes). The field layouts
 * live in {@link BhsDecoder} (wire to record) and {@link BhsEncoder} (record to wire).
 */
public final class PduCodec {
    /** Length of the basic header segment. */
    public static final int BHS_LENGTH = 48;

    /** AHSType of the Extended CDB AHS (RFC 7143 §11.3.5). */
    static final int AHS_EXTENDED_CDB = 1;

    static final int BHS_CDB_LENGTH = 16;
    static final int IMMEDIATE = 0x40;
    static final int FINAL = 0x80;
    static final int CONTINUE = 0x40;

    private PduCodec() {
    }

    /** Number of zero bytes that pad a segment of {@code length} bytes to a multiple of four. */
    public static int padding(int length) {
        return -length & 3;
    }

    /** TotalAHSLength of a PDU in 4-byte words: non-zero only for SCSI Commands with a long CDB. */
    public static int totalAhsLength(Pdu pdu) {
        if (pdu instanceof ScsiCommand) {
            int cdbLength = ((ScsiCommand) pdu).cdb().length;
            if (cdbLength > BHS_CDB_LENGTH) {
                return (extendedCdbAhsBytes(cdbLength) + 3) / 4;
            }
        }
        return 0;
    }

    /** Length of BHS plus AHS as encoded by {@link #encodeHeader}. */
    public static int headerLength(Pdu pdu) {
        return BHS_LENGTH + 4 * totalAhsLength(pdu);
    }

    /** Extended CDB AHS bytes without padding: 2 length + 1 type + 1 reserved + the extra CDB bytes. */
    static int extendedCdbAhsBytes(int cdbLength) {
        return 4 + cdbLength - BHS_CDB_LENGTH;
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Parses one PDU.
     *
     * @param header the BHS and AHS (readable bytes exactly 48 + 4 × TotalAHSLength); its indices are
     *     not changed and it is not released
     * @param data the data segment without padding and digest; ownership passes to the returned PDU
     *     (released here if the header is invalid)
     * @throws PduFormatException naming the field and value of the first violation
     */
    public static Pdu decode(ByteBuf header, ByteBuf data) {
        try {
            Pdu pdu = BhsDecoder.decode(header, data);
            if (pdu.data() != data) {
                data.release(); // an empty segment of a PDU type that has no data field
            }
            return pdu;
        } catch (RuntimeException e) {
            data.release();
            throw e;
        }
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Appends the BHS (and the Extended CDB AHS of a long CDB) of {@code pdu} to {@code out}, with
     * TotalAHSLength and DataSegmentLength = {@code pdu.data().readableBytes()}. Neither the
     * data segment nor digests nor padding are written.
     *
     * @throws IllegalArgumentException if a field does not fit its wire width (a caller bug)
     */
    public static void encodeHeader(Pdu pdu, ByteBuf out) {
        BhsEncoder.encode(pdu, out);
    }
}
