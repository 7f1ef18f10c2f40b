package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Login Response (RFC 7143 §11.13).
 *
 * @param statusClass Status-Class (0 success, 1 redirection, 2 initiator error, 3 target error)
 * @param statusDetail Status-Detail
 */
public record LoginResponse(boolean transit, boolean continueFlag, int csg, int nsg, int versionMax,
                            int versionActive, long isid, int tsih, int initiatorTaskTag, int statSn,
                            int expCmdSn, int maxCmdSn, int statusClass, int statusDetail,
                            ByteBuf data) implements Pdu, TargetPdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGIN_RESPONSE;
    }
}
