package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Logout Request (RFC 7143 §11.14).
 *
 * @param immediate I bit
 * @param reasonCode 0 close session, 1 close connection, 2 remove connection for recovery
 * @param initiatorTaskTag ITT
 * @param cid CID of the connection to close (reason 1 and 2)
 * @param cmdSn CmdSN
 * @param expStatSn ExpStatSN
 */
public record LogoutRequest(boolean immediate, int reasonCode, int initiatorTaskTag, int cid,
                            int cmdSn, int expStatSn) implements Pdu {
    public static final int CLOSE_SESSION = 0;
    public static final int CLOSE_CONNECTION = 1;
    public static final int REMOVE_CONNECTION_FOR_RECOVERY = 2;

    @Override
    public Opcode opcode() {
        return Opcode.LOGOUT_REQUEST;
    }

    @Override
    public ByteBuf data() {
        return Unpooled.EMPTY_BUFFER;
    }
}
