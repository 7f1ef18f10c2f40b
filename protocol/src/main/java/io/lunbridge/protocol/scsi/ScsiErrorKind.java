package io.lunbridge.protocol.scsi;

/**
 * Classes of SCSI command failure that callers act on differently (retry, fail over, report an
 * errno). Derived from the status and, for CHECK CONDITION, the sense key and ASC/ASCQ.
 */
public enum ScsiErrorKind {
    UNIT_ATTENTION,
    NOT_READY,
    MEDIUM_ERROR,
    HARDWARE_ERROR,
    /** ILLEGAL REQUEST not covered by a more precise kind (e.g. invalid field in CDB). */
    ILLEGAL_REQUEST,
    /** ILLEGAL REQUEST, 21h/00h. */
    LBA_OUT_OF_RANGE,
    /** ILLEGAL REQUEST, 20h/00h. */
    INVALID_OPCODE,
    DATA_PROTECT,
    /** DATA PROTECT, 27h/07h: a thin pool ran out of space. */
    SPACE_ALLOCATION_FAILED,
    ABORTED_COMMAND,
    BUSY,
    RESERVATION_CONFLICT,
    TASK_SET_FULL,
    TASK_ABORTED,
    /** ILLEGAL REQUEST, 25h/00h: the LUN is gone. */
    LUN_NOT_SUPPORTED,
    OTHER
}
