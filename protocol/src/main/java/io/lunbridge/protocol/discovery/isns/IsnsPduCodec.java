package io.lunbridge.protocol.discovery.isns;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure iSNSP PDU codec: header parsing with validation, PDU encoding, and splitting a message into
 * PDUs no larger than a given payload size.
 */
public final class IsnsPduCodec {
    /** Largest payload this client puts in one PDU (RFC 4171 leaves the split point to the sender). */
    public static final int DEFAULT_MAX_PAYLOAD = 8192;

    private IsnsPduCodec() {
    }

    /**
     * The PDU length field of a header at {@code in.position()}, after checking the version.
     *
     * @throws IsnsFormatException on a version other than 1
     */
    public static int peekPayloadLength(ByteBuffer in) {
        int base = in.position();
        int version = in.getShort(base) & 0xFFFF;
        if (version != IsnsPdu.VERSION) {
            throw new IsnsFormatException("iSNSP version", 0, "version " + version + ", only 1 is defined");
        }
        return in.getShort(base + 4) & 0xFFFF;
    }

    /**
     * Decodes one whole PDU from {@code bytes}.
     *
     * @throws IsnsFormatException if the header is short, the version is not 1, the PDU length
     *     disagrees with the bytes given, or the flags claim an authentication block
     */
    public static IsnsPdu decode(byte[] bytes) {
        if (bytes.length < IsnsPdu.HEADER_LENGTH) {
            throw new IsnsFormatException("PDU header", 0, bytes.length + " bytes, the header needs 12");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int length = peekPayloadLength(in);
        if (length != bytes.length - IsnsPdu.HEADER_LENGTH) {
            throw new IsnsFormatException("PDU length", 4, "length " + length + " but "
                    + (bytes.length - IsnsPdu.HEADER_LENGTH) + " payload bytes follow the header");
        }
        int functionId = in.getShort(2) & 0xFFFF;
        IsnsFunction.fromCode(functionId, 2);
        int flags = in.getShort(6) & 0xFFFF;
        if ((flags & IsnsPdu.FLAG_AUTH) != 0) {
            throw new IsnsFormatException("flags", 6, String.format(
                    "0x%04x has the authentication block flag; this client runs without iSNS security", flags));
        }
        if ((flags & IsnsPdu.FLAG_CLIENT) != 0 && (flags & IsnsPdu.FLAG_SERVER) != 0) {
            throw new IsnsFormatException("flags", 6, String.format(
                    "0x%04x claims both client and server as sender", flags));
        }
        if (length % 4 != 0) {
            throw new IsnsFormatException("PDU length", 4, "length " + length + " is not a multiple of 4");
        }
        byte[] payload = new byte[length];
        System.arraycopy(bytes, IsnsPdu.HEADER_LENGTH, payload, 0, length);
        return new IsnsPdu(IsnsPdu.VERSION, functionId, flags, in.getShort(8) & 0xFFFF, in.getShort(10) & 0xFFFF, payload);
    }

    /** The PDU's wire bytes. */
    public static byte[] encode(IsnsPdu pdu) {
        ByteBuffer out = ByteBuffer.allocate(IsnsPdu.HEADER_LENGTH + pdu.pduLength());
        out.putShort((short) pdu.version());
        out.putShort((short) pdu.functionId());
        out.putShort((short) pdu.pduLength());
        out.putShort((short) pdu.flags());
        out.putShort((short) pdu.transactionId());
        out.putShort((short) pdu.sequenceId());
        out.put(pdu.payload());
        return out.array();
    }

    /**
     * Splits a message into PDUs with at most {@code maxPayload} payload bytes each (a multiple of
     * 4), sequence ids from 0, FIRST on the first and LAST on the last PDU.
     */
    public static List<IsnsPdu> split(IsnsMessage message, int maxPayload) {
        if (maxPayload < 4 || maxPayload % 4 != 0 || maxPayload > 0xFFFC) {
            throw new IllegalArgumentException("maxPayload " + maxPayload + " must be a multiple of 4 in 4..65532");
        }
        byte[] payload = message.payload();
        List<IsnsPdu> pdus = new ArrayList<>();
        int offset = 0;
        int seq = 0;
        do {
            int n = Math.min(maxPayload, payload.length - offset);
            byte[] part = new byte[n];
            System.arraycopy(payload, offset, part, 0, n);
            int flags = message.flags() | (seq == 0 ? IsnsPdu.FLAG_FIRST : 0)
                    | (offset + n == payload.length ? IsnsPdu.FLAG_LAST : 0);
            pdus.add(new IsnsPdu(IsnsPdu.VERSION, message.functionId(), flags, message.transactionId(), seq, part));
            offset += n;
            seq++;
        } while (offset < payload.length);
        return pdus;
    }
}
