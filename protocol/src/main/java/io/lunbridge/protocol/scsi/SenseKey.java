package io.lunbridge.protocol.scsi;

/** SENSE KEY values (SPC-4 4.5.6): the broad class of a CHECK CONDITION. */
public enum SenseKey {
    NO_SENSE(0x0, "NO SENSE"),
    RECOVERED_ERROR(0x1, "RECOVERED ERROR"),
    NOT_READY(0x2, "NOT READY"),
    MEDIUM_ERROR(0x3, "MEDIUM ERROR"),
    HARDWARE_ERROR(0x4, "HARDWARE ERROR"),
    ILLEGAL_REQUEST(0x5, "ILLEGAL REQUEST"),
    UNIT_ATTENTION(0x6, "UNIT ATTENTION"),
    DATA_PROTECT(0x7, "DATA PROTECT"),
    BLANK_CHECK(0x8, "BLANK CHECK"),
    VENDOR_SPECIFIC(0x9, "VENDOR SPECIFIC"),
    COPY_ABORTED(0xa, "COPY ABORTED"),
    ABORTED_COMMAND(0xb, "ABORTED COMMAND"),
    RESERVED_C(0xc, "RESERVED (0xc)"),
    VOLUME_OVERFLOW(0xd, "VOLUME OVERFLOW"),
    MISCOMPARE(0xe, "MISCOMPARE"),
    COMPLETED(0xf, "COMPLETED");

    private final int code;
    private final String displayName;

    SenseKey(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** The 4-bit code. */
    public int code() {
        return code;
    }

    /** The name as written in SPC-4, e.g. "MEDIUM ERROR". */
    public String displayName() {
        return displayName;
    }

    /** The key for a 4-bit code. */
    public static SenseKey of(int code) {
        if (code < 0 || code > 0xf) {
            throw new IllegalArgumentException("sense key " + code + " out of range 0..15");
        }
        return values()[code];
    }
}
