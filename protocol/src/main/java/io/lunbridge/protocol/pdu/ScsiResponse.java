package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * SCSI Response (RFC 7143 §11.4). The data segment, if present, holds a 2-byte SenseLength followed
 * by sense data and possibly response data.
 *
 * @param bidiOverflow o bit
 * @param bidiUnderflow u bit
 * @param residualOverflow O bit
 * @param residualUnderflow U bit
 * @param response iSCSI service response (0 command completed at target)
 * @param status SCSI status byte
 * @param residualCount residual count (valid with O or U)
 */
public record ScsiResponse(boolean bidiOverflow, boolean bidiUnderflow, boolean residualOverflow,
                           boolean residualUnderflow, int response, int status, int initiatorTaskTag,
                           int snackTag, int statSn, int expCmdSn, int maxCmdSn, int expDataSn,
                           int bidiResidualCount, int residualCount, ByteBuf data)
        implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.SCSI_RESPONSE;
    }
}
