package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Logout Response (RFC 7143 §11.15).
 *
 * @param response 0 closed successfully, 1 CID not found, 2 recovery not supported, 3 cleanup failed
 */
public record LogoutResponse(int response, int initiatorTaskTag, int statSn, int expCmdSn,
                             int maxCmdSn, int time2Wait, int time2Retain) implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGOUT_RESPONSE;
    }

    @Override
    public ByteBuf data() {
        return Unpooled.EMPTY_BUFFER;
    }
}
