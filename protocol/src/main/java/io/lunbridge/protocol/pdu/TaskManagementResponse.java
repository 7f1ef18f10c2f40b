package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Task Management Function Response (RFC 7143 §11.6).
 *
 * @param response 0 function complete, 1 task does not exist, 2 LUN does not exist, 3 task still
 *     allegiant, 4 reassignment unsupported, 5 function not supported, 6 authorization failed,
 *     255 rejected
 */
public record TaskManagementResponse(int response, int initiatorTaskTag, int statSn, int expCmdSn,
                                     int maxCmdSn) implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.TASK_MANAGEMENT_RESPONSE;
    }

    @Override
    public ByteBuf data() {
        return Unpooled.EMPTY_BUFFER;
    }
}
