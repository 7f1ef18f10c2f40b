package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * NOP-In (RFC 7143 §11.19): the answer to a NOP-Out ping, or a target's own ping (ITT reserved,
 * TTT valid: the initiator must answer with a NOP-Out echoing the TTT).
 */
public record NopIn(long lun, int initiatorTaskTag, int targetTransferTag, int statSn, int expCmdSn,
                    int maxCmdSn, ByteBuf data) implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.NOP_IN;
    }
}
