package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/** Text Response (RFC 7143 §11.11). A TTT other than reserved means more text follows. */
public record TextResponse(boolean finalPdu, boolean continueFlag, long lun, int initiatorTaskTag,
                           int targetTransferTag, int statSn, int expCmdSn, int maxCmdSn, ByteBuf data)
        implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.TEXT_RESPONSE;
    }
}
