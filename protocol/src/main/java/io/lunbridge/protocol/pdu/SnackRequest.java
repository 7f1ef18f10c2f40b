package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * SNACK Request (RFC 7143 §11.16). Encoded for completeness; the initiator runs at
 * ErrorRecoveryLevel 0 and does not send it in normal operation.
 *
 * @param type 0 Data/R2T, 1 status, 2 DataACK, 3 R-Data
 * @param lun raw LUN field
 * @param initiatorTaskTag ITT
 * @param targetTransferTag TTT (DataACK) or reserved
 * @param expStatSn ExpStatSN
 * @param begRun BegRun
 * @param runLength RunLength
 */
public record SnackRequest(int type, long lun, int initiatorTaskTag, int targetTransferTag,
                           int expStatSn, int begRun, int runLength) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.SNACK_REQUEST;
    }

    @Override
    public ByteBuf data() {
        return Unpooled.EMPTY_BUFFER;
    }
}
