package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Reject (RFC 7143 §11.17). The data segment holds the 48-byte header of the rejected PDU, from
 * which the initiator recovers the ITT of the affected task.
 *
 * @param reason reason code, e.g. 0x04 protocol error, 0x09 invalid PDU field
 * @param dataSnOrR2tSn DataSN/R2TSN (SNACK rejects only)
 */
public record Reject(int reason, int statSn, int expCmdSn, int maxCmdSn, int dataSnOrR2tSn,
                     ByteBuf data) implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.REJECT;
    }

    @Override
    public int initiatorTaskTag() {
        return RESERVED_TAG;
    }
}
