package io.lunbridge.protocol.pdu;

/**
 * iSCSI opcodes (RFC 7143 §11.2.1.2): the low six bits of BHS byte 0.
 * Initiator opcodes are 0x00–0x1f, target opcodes 0x20–0x3f.
 */
public enum Opcode {
    NOP_OUT(0x00),
    SCSI_COMMAND(0x01),
    TASK_MANAGEMENT_REQUEST(0x02),
    LOGIN_REQUEST(0x03),
    TEXT_REQUEST(0x04),
    DATA_OUT(0x05),
    LOGOUT_REQUEST(0x06),
    SNACK_REQUEST(0x10),
    NOP_IN(0x20),
    SCSI_RESPONSE(0x21),
    TASK_MANAGEMENT_RESPONSE(0x22),
    LOGIN_RESPONSE(0x23),
    TEXT_RESPONSE(0x24),
    DATA_IN(0x25),
    LOGOUT_RESPONSE(0x26),
    R2T(0x31),
    ASYNC_MESSAGE(0x32),
    REJECT(0x3f);

    private static final Opcode[] BY_CODE = new Opcode[64];

    static {
        for (Opcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The six-bit code as it appears on the wire. */
    public int code() {
        return code;
    }

    /** True for opcodes sent by a target (0x20 and above). */
    public boolean fromTarget() {
        return code >= 0x20;
    }

    /**
     * The opcode for a six-bit code.
     *
     * @throws PduFormatException naming the field and value if the code is not defined
     */
    public static Opcode of(int code) {
        Opcode o = (code >= 0 && code < 64) ? BY_CODE[code] : null;
        if (o == null) {
            throw new PduFormatException("opcode", 0, String.format("BHS opcode: unknown value 0x%02x", code));
        }
        return o;
    }
}
