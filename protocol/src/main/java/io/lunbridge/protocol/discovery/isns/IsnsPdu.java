package io.lunbridge.protocol.discovery.isns;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One iSNSP PDU (RFC 4171 §5.1): a 12-byte header (version, function id, PDU length, flags,
 * transaction id, sequence id) and the payload bytes. A message larger than one PDU is carried in
 * several PDUs with the same transaction id, sequence ids 0..n and the first/last flags;
 * {@link IsnsMessageAssembler} puts them back together.
 */
public record IsnsPdu(int version, int functionId, int flags, int transactionId, int sequenceId, byte[] payload) {

    /** The only iSNSP version (RFC 4171 §5.1.1). */
    public static final int VERSION = 1;
    /** Header size in bytes. */
    public static final int HEADER_LENGTH = 12;
    /** Sender is an iSNS client. */
    public static final int FLAG_CLIENT = 0x8000;
    /** Sender is an iSNS server. */
    public static final int FLAG_SERVER = 0x4000;
    /** An authentication block is present. */
    public static final int FLAG_AUTH = 0x2000;
    /** Replace flag (DevAttrReg only). */
    public static final int FLAG_REPLACE = 0x1000;
    /** Last PDU of the message. */
    public static final int FLAG_LAST = 0x0800;
    /** First PDU of the message. */
    public static final int FLAG_FIRST = 0x0400;

    public IsnsPdu {
        payload = payload.clone();
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("PDU payload of " + payload.length + " bytes exceeds 65535");
        }
    }

    /** PDU length field: the payload length. */
    public int pduLength() {
        return payload.length;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public boolean first() {
        return (flags & FLAG_FIRST) != 0;
    }

    public boolean last() {
        return (flags & FLAG_LAST) != 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IsnsPdu)) {
            return false;
        }
        IsnsPdu p = (IsnsPdu) o;
        return p.version == version && p.functionId == functionId && p.flags == flags
                && p.transactionId == transactionId && p.sequenceId == sequenceId
                && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {functionId, flags, transactionId, sequenceId, Arrays.hashCode(payload)});
    }

    @Override
    public String toString() {
        return String.format("IsnsPdu[version=%d, function=0x%04x, length=%d, flags=0x%04x, xid=%d, seq=%d, payload=%s]",
                version, functionId, payload.length, flags, transactionId, sequenceId,
                HexFormat.of().formatHex(payload));
    }
}
