package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Asynchronous Message (RFC 7143 §11.9). ITT is always reserved.
 *
 * @param asyncEvent 0 SCSI async event (sense in data), 1 target requests logout, 2 target will drop
 *     the connection, 3 target will drop all connections, 4 target requests renegotiation,
 *     248 task termination, 255 vendor specific
 * @param parameter1 event parameter (CID, or Time2Wait for logout request)
 * @param parameter2 event parameter (Time2Wait)
 * @param parameter3 event parameter (Time2Retain)
 */
public record AsyncMessage(long lun, int statSn, int expCmdSn, int maxCmdSn, int asyncEvent,
                           int asyncVCode, int parameter1, int parameter2, int parameter3,
                           ByteBuf data) implements Pdu, TargetPdu {
    public static final int SCSI_ASYNC_EVENT = 0;
    public static final int LOGOUT_REQUESTED = 1;
    public static final int CONNECTION_DROP = 2;
    public static final int SESSION_DROP = 3;
    public static final int NEGOTIATION_REQUESTED = 4;
    public static final int TASK_TERMINATION = 248;

    @Override
    public Opcode opcode() {
        return Opcode.ASYNC_MESSAGE;
    }

    @Override
    public int initiatorTaskTag() {
        return RESERVED_TAG;
    }
}
