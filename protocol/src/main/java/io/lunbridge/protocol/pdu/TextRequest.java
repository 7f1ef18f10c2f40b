package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Text Request (RFC 7143 §11.10), used for SendTargets and renegotiation.
 *
 * @param immediate I bit
 * @param finalPdu F bit
 * @param continueFlag C bit
 * @param lun raw LUN field (reserved for most uses)
 * @param initiatorTaskTag ITT
 * @param targetTransferTag TTT from the previous Text Response, or {@link Pdu#RESERVED_TAG}
 * @param cmdSn CmdSN
 * @param expStatSn ExpStatSN
 * @param data text (key=value pairs, NUL separated)
 */
public record TextRequest(boolean immediate, boolean finalPdu, boolean continueFlag, long lun,
                          int initiatorTaskTag, int targetTransferTag, int cmdSn, int expStatSn,
                          ByteBuf data) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.TEXT_REQUEST;
    }
}
