package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Login Request (RFC 7143 §11.12). Always immediate on the wire.
 *
 * @param transit T bit
 * @param continueFlag C bit (text continues in the next PDU)
 * @param csg current stage (0 security, 1 operational)
 * @param nsg next stage (1 operational, 3 full feature); meaningful only with T
 * @param versionMax Version-max (0 for RFC 7143)
 * @param versionMin Version-min
 * @param isid the 6-byte ISID, in the low 48 bits
 * @param tsih TSIH (0 for a new session)
 * @param initiatorTaskTag ITT
 * @param cid connection ID
 * @param cmdSn CmdSN
 * @param expStatSn ExpStatSN
 * @param data login text (key=value pairs, NUL separated)
 */
public record LoginRequest(boolean transit, boolean continueFlag, int csg, int nsg, int versionMax,
                           int versionMin, long isid, int tsih, int initiatorTaskTag, int cid,
                           int cmdSn, int expStatSn, ByteBuf data) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGIN_REQUEST;
    }
}
