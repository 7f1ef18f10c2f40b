package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Data-Out (RFC 7143 §11.7).
 *
 * @param finalPdu F bit: last PDU of the unsolicited burst or of the R2T's sequence
 * @param lun raw LUN field
 * @param initiatorTaskTag ITT of the command
 * @param targetTransferTag TTT of the R2T, {@link Pdu#RESERVED_TAG} for unsolicited data
 * @param expStatSn ExpStatSN
 * @param dataSn DataSN within this sequence
 * @param bufferOffset offset of this data in the command's buffer
 * @param data the payload (a slice of the caller's write buffer)
 */
public record DataOut(boolean finalPdu, long lun, int initiatorTaskTag, int targetTransferTag,
                      int expStatSn, int dataSn, int bufferOffset, ByteBuf data) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.DATA_OUT;
    }
}
