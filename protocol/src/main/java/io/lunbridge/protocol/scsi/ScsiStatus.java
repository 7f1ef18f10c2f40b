package io.lunbridge.protocol.scsi;

/** SCSI status codes (SAM-5 5.3) carried in the iSCSI SCSI Response, with their names. */
public final class ScsiStatus {
    /** The command completed. */
    public static final int GOOD = 0x00;
    /** Sense data describes an error or exception. */
    public static final int CHECK_CONDITION = 0x02;
    /** PRE-FETCH found the blocks in cache. */
    public static final int CONDITION_MET = 0x04;
    /** The logical unit is busy: retry later. */
    public static final int BUSY = 0x08;
    /** Another I_T nexus holds a reservation. */
    public static final int RESERVATION_CONFLICT = 0x18;
    /** The task set is full: retry with fewer commands in flight. */
    public static final int TASK_SET_FULL = 0x28;
    /** An ACA condition exists. */
    public static final int ACA_ACTIVE = 0x30;
    /** The command was aborted by another I_T nexus. */
    public static final int TASK_ABORTED = 0x40;

    private ScsiStatus() {
    }

    /** "CHECK CONDITION", or "UNKNOWN STATUS 0x22" for codes not listed here. */
    public static String name(int status) {
        switch (status) {
            case GOOD:
                return "GOOD";
            case CHECK_CONDITION:
                return "CHECK CONDITION";
            case CONDITION_MET:
                return "CONDITION MET";
            case BUSY:
                return "BUSY";
            case RESERVATION_CONFLICT:
                return "RESERVATION CONFLICT";
            case TASK_SET_FULL:
                return "TASK SET FULL";
            case ACA_ACTIVE:
                return "ACA ACTIVE";
            case TASK_ABORTED:
                return "TASK ABORTED";
            default:
                return "UNKNOWN STATUS " + ScsiBytes.hex2(status);
        }
    }

    /** Whether the status reports success (GOOD or CONDITION MET). */
    public static boolean isSuccess(int status) {
        return status == GOOD || status == CONDITION_MET;
    }
}
