package io.lunbridge.protocol.discovery.isns;

import java.io.ByteArrayOutputStream;

/**
 * Reassembles iSNSP messages from PDUs (RFC 4171 §5.1.5): PDUs of one message share the
 * transaction id, carry sequence ids 0, 1, 2… and the FIRST flag on the first, LAST on the last.
 * One connection delivers one message at a time (PDUs of different messages are not interleaved
 * by the peers this client talks to); a PDU that breaks the sequence is a format error.
 * A message is bounded by its total payload ({@link #DEFAULT_MAX_MESSAGE_BYTES} unless given),
 * never by its PDU count alone, so a server cannot make the client buffer without limit.
 * Not thread-safe: owned by the channel's event loop.
 */
public final class IsnsMessageAssembler {
    /**
     * Default bound of one reassembled message: a DevAttrQry answer listing thousands of targets
     * with their portals fits many times over.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int maxMessageBytes;
    private boolean inMessage;
    private int functionId;
    private int transactionId;
    private int flags;
    private int nextSequence;

    /** An assembler bounded by {@link #DEFAULT_MAX_MESSAGE_BYTES}. */
    public IsnsMessageAssembler() {
        this(DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** An assembler that refuses a message whose payload exceeds {@code maxMessageBytes}. */
    public IsnsMessageAssembler(int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Adds a PDU.
     *
     * @return the complete message if this PDU was its last, otherwise null
     * @throws IsnsFormatException on a missing FIRST flag, a sequence gap, a PDU of another
     *     transaction or function in the middle of a message, or a message over the bound
     */
    public IsnsMessage add(IsnsPdu pdu) {
        if (!inMessage) {
            if (!pdu.first()) {
                throw new IsnsFormatException("flags", 6, String.format(
                        "PDU xid %d seq %d without FIRST flag starts no message", pdu.transactionId(), pdu.sequenceId()));
            }
            if (pdu.sequenceId() != 0) {
                throw new IsnsFormatException("sequence id", 10, "first PDU of xid " + pdu.transactionId()
                        + " has sequence id " + pdu.sequenceId() + ", expected 0");
            }
            inMessage = true;
            functionId = pdu.functionId();
            transactionId = pdu.transactionId();
            flags = pdu.flags();
            nextSequence = 0;
            buffer.reset();
        } else {
            if (pdu.transactionId() != transactionId) {
                throw new IsnsFormatException("transaction id", 8, "PDU of xid " + pdu.transactionId()
                        + " inside the message of xid " + transactionId);
            }
            if (pdu.functionId() != functionId) {
                throw new IsnsFormatException("function id", 2, String.format(
                        "0x%04x inside a message of function 0x%04x", pdu.functionId(), functionId));
            }
            if (pdu.first()) {
                throw new IsnsFormatException("flags", 6, "FIRST flag on sequence id " + pdu.sequenceId()
                        + " of xid " + transactionId);
            }
        }
        if (pdu.sequenceId() != nextSequence) {
            throw new IsnsFormatException("sequence id", 10, "sequence id " + pdu.sequenceId()
                    + " of xid " + transactionId + ", expected " + nextSequence);
        }
        if ((long) buffer.size() + pdu.payload().length > maxMessageBytes) {
            int had = buffer.size();
            inMessage = false;
            buffer.reset();
            throw new IsnsFormatException("PDU length", 4, "message of xid " + transactionId + " grows past "
                    + maxMessageBytes + " bytes (" + had + " + " + pdu.payload().length + " at sequence id "
                    + pdu.sequenceId() + ")");
        }
        buffer.writeBytes(pdu.payload());
        nextSequence++;
        if (!pdu.last()) {
            return null;
        }
        inMessage = false;
        return new IsnsMessage(functionId, transactionId, flags, buffer.toByteArray());
    }

    /** True while PDUs of a message have arrived but not its last. */
    public boolean inMessage() {
        return inMessage;
    }
}
