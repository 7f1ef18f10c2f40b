package io.lunbridge.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Task Management Function Request (RFC 7143 §11.5).
 *
 * @param immediate I bit (TMF requests are normally immediate)
 * @param function function code, see the constants
 * @param lun raw LUN field
 * @param initiatorTaskTag ITT of this request
 * @param referencedTaskTag ITT of the task to abort, {@link Pdu#RESERVED_TAG} otherwise
 * @param cmdSn CmdSN
 * @param expStatSn ExpStatSN
 * @param refCmdSn CmdSN of the referenced task
 * @param expDataSn ExpDataSN
 */
public record TaskManagementRequest(boolean immediate, int function, long lun, int initiatorTaskTag,
                                    int referencedTaskTag, int cmdSn, int expStatSn, int refCmdSn,
                                    int expDataSn) implements Pdu {
    public static final int ABORT_TASK = 1;
    public static final int ABORT_TASK_SET = 2;
    public static final int CLEAR_ACA = 3;
    public static final int CLEAR_TASK_SET = 4;
    public static final int LOGICAL_UNIT_RESET = 5;
    public static final int TARGET_WARM_RESET = 6;
    public static final int TARGET_COLD_RESET = 7;
    public static final int TASK_REASSIGN = 8;

    @Override
    public Opcode opcode() {
        return Opcode.TASK_MANAGEMENT_REQUEST;
    }

    @Override
    public ByteBuf data() {
        return Unpooled.EMPTY_BUFFER;
    }
}
