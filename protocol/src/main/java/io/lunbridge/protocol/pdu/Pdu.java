package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;

/**
 * One iSCSI PDU (RFC 7143 §11): the fields of its basic header segment (and AHS) as a record, and its
 * data segment as a {@link ByteBuf}.
 *
 * <p><b>Buffer ownership.</b> A PDU owns one reference to {@link #data()}. The decoder hands out
 * PDUs whose data is a retained slice of the receive buffer (never a copy); whoever consumes a
 * decoded PDU releases it with {@link #release()} or passes the data on (for example into a
 * composite buffer written to an NBD client) and lets that consumer release it. The encoder
 * releases the data of every PDU it writes. PDUs without a data segment carry
 * {@code Unpooled.EMPTY_BUFFER}, for which release is a no-op.
 */
public sealed interface Pdu permits NopOut, ScsiCommand, TaskManagementRequest, LoginRequest,
        TextRequest, DataOut, LogoutRequest, SnackRequest, NopIn, ScsiResponse,
        TaskManagementResponse, LoginResponse, TextResponse, DataIn, LogoutResponse, R2t,
        AsyncMessage, Reject {

    /** Reserved value of the Initiator/Target Task Tag meaning "no task" (RFC 7143 §11.18.3). */
    int RESERVED_TAG = 0xffffffff;

    Opcode opcode();

    /** The data segment, without padding and digest; {@code EMPTY_BUFFER} when there is none. */
    ByteBuf data();

    /** Releases this PDU's reference to its data segment. */
    default void release() {
        data().release();
    }

    /** Initiator task tag, or {@link #RESERVED_TAG} for PDUs that do not carry one. */
    int initiatorTaskTag();
}
