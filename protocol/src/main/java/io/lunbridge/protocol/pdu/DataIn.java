package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Data-In (RFC 7143 §11.7). With the S bit the PDU also carries the command's status (and
 * then F is set too), so no SCSI Response follows.
 *
 * @param finalPdu F bit
 * @param acknowledge A bit (DataACK requested; ErrorRecoveryLevel ≥ 1 only)
 * @param residualOverflow O bit (valid with S)
 * @param residualUnderflow U bit (valid with S)
 * @param statusPresent S bit
 * @param status SCSI status (valid with S)
 * @param statSn StatSN (valid with S)
 * @param dataSn DataSN
 * @param bufferOffset offset of this data in the command's buffer
 * @param residualCount residual count (valid with S and O or U)
 */
public record DataIn(boolean finalPdu, boolean acknowledge, boolean residualOverflow,
                     boolean residualUnderflow, boolean statusPresent, int status, long lun,
                     int initiatorTaskTag, int targetTransferTag, int statSn, int expCmdSn,
                     int maxCmdSn, int dataSn, int bufferOffset, int residualCount, ByteBuf data)
        implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.DATA_IN;
    }
}
