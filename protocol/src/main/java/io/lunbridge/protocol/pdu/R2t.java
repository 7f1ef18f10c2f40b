package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Ready To Transfer (RFC 7143 §11.8): the target asks for {@code desiredDataTransferLength} bytes
 * of a write starting at {@code bufferOffset}, to be sent as Data-Out PDUs echoing the TTT.
 */
public record R2t(long lun, int initiatorTaskTag, int targetTransferTag, int statSn, int expCmdSn,
                  int maxCmdSn, int r2tSn, int bufferOffset, int desiredDataTransferLength)
        implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.R2T;
    }

    @Override
    public ByteBuf data() {
        return Unpooled.EMPTY_BUFFER;
    }
}
