package io.lunbridge.protocol.discovery.isns;

/**
 * iSNSP function identifiers (RFC 4171 §6.1). Requests use the code, responses the code with the
 * high bit (0x8000) set; {@link #fromCode(int, int)} maps both back to the request function.
 */
public enum IsnsFunction {
    DEV_ATTR_REG(0x0001, "DevAttrReg"),
    DEV_ATTR_QRY(0x0002, "DevAttrQry"),
    DEV_GET_NEXT(0x0003, "DevGetNext"),
    DEV_DEREG(0x0004, "DevDereg"),
    SCN_REG(0x0005, "SCNReg"),
    SCN_DEREG(0x0006, "SCNDereg"),
    SCN_EVENT(0x0007, "SCNEvent"),
    SCN(0x0008, "SCN"),
    DD_REG(0x0009, "DDReg"),
    DD_DEREG(0x000A, "DDDereg"),
    DDS_REG(0x000B, "DDSReg"),
    DDS_DEREG(0x000C, "DDSDereg"),
    ESI(0x000D, "ESI"),
    HEARTBEAT(0x000E, "Heartbeat");

    /** Bit that turns a request function id into its response id. */
    public static final int RESPONSE_BIT = 0x8000;

    private final int code;
    private final String wireName;

    IsnsFunction(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** The request function id. */
    public int code() {
        return code;
    }

    /** The response function id (request id | 0x8000). */
    public int responseCode() {
        return code | RESPONSE_BIT;
    }

    /** The RFC name, e.g. "DevAttrQry". */
    public String wireName() {
        return wireName;
    }

    /** True if a function id on the wire is a response. */
    public static boolean isResponse(int functionId) {
        return (functionId & RESPONSE_BIT) != 0;
    }

    /**
     * The function of a request or response id.
     *
     * @param offset where the id was read, for the error
     * @throws IsnsFormatException if the id is not defined by RFC 4171
     */
    public static IsnsFunction fromCode(int functionId, int offset) {
        int request = functionId & ~RESPONSE_BIT;
        for (IsnsFunction f : values()) {
            if (f.code == request) {
                return f;
            }
        }
        throw new IsnsFormatException("function id", offset,
                String.format("unknown function id 0x%04x", functionId));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
