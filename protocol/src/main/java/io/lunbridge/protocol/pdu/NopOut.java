package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * NOP-Out (RFC 7143 §11.18): a ping from the initiator, or the answer to a target's NOP-In.
 *
 * @param immediate I bit
 * @param lun raw 8-byte LUN field
 * @param initiatorTaskTag ITT; {@link Pdu#RESERVED_TAG} when answering a NOP-In
 * @param targetTransferTag TTT echoed from the NOP-In being answered, else {@link Pdu#RESERVED_TAG}
 * @param cmdSn CmdSN
 * @param expStatSn ExpStatSN
 * @param data ping data (echoed by the target)
 */
public record NopOut(boolean immediate, long lun, int initiatorTaskTag, int targetTransferTag,
                     int cmdSn, int expStatSn, ByteBuf data) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.NOP_OUT;
    }
}
