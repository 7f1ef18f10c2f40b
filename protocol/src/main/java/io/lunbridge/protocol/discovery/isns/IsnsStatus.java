package io.lunbridge.protocol.discovery.isns;

/**
 * iSNSP response status codes (RFC 4171 §6.4.x, table in §5.4) with their RFC names, so that a
 * failed request can be reported as "status 3 (Invalid Registration)" rather than a bare number.
 */
public enum IsnsStatus {
    SUCCESSFUL(0, "Successful"),
    UNKNOWN_ERROR(1, "Unknown Error"),
    MESSAGE_FORMAT_ERROR(2, "Message Format Error"),
    INVALID_REGISTRATION(3, "Invalid Registration"),
    INVALID_QUERY(5, "Invalid Query"),
    SOURCE_UNKNOWN(6, "Source Unknown"),
    SOURCE_ABSENT(7, "Source Absent"),
    SOURCE_UNAUTHORIZED(8, "Source Unauthorized"),
    NO_SUCH_ENTRY(9, "No Such Entry"),
    VERSION_NOT_SUPPORTED(10, "Version Not Supported"),
    INTERNAL_ERROR(11, "Internal Error"),
    BUSY(12, "Busy"),
    OPTION_NOT_UNDERSTOOD(13, "Option Not Understood"),
    INVALID_UPDATE(14, "Invalid Update"),
    MESSAGE_NOT_SUPPORTED(15, "Message (FUNCTION_ID) Not Supported"),
    SCN_EVENT_REJECTED(16, "SCN Event Rejected"),
    SCN_REGISTRATION_REJECTED(17, "SCN Registration Rejected"),
    ATTRIBUTE_NOT_IMPLEMENTED(18, "Attribute Not Implemented"),
    FC_DOMAIN_ID_NOT_AVAILABLE(19, "FC_DOMAIN_ID Not Available"),
    FC_DOMAIN_ID_NOT_ALLOCATED(20, "FC_DOMAIN_ID Not Allocated"),
    ESI_NOT_AVAILABLE(21, "ESI Not Available"),
    INVALID_DEREGISTRATION(22, "Invalid Deregistration"),
    REGISTRATION_FEATURE_NOT_SUPPORTED(23, "Registration Feature Not Supported");

    private final int code;
    private final String description;

    IsnsStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** "status 3 (Invalid Registration)"; unknown codes are shown as "status 99 (undefined)". */
    public static String describe(long code) {
        for (IsnsStatus s : values()) {
            if (s.code == code) {
                return "status " + code + " (" + s.description + ")";
            }
        }
        return "status " + code + " (undefined)";
    }
}
