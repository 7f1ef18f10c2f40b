package io.lunbridge.protocol.session;

/** Reject reason codes (RFC 7143 §11.17.1), described for error messages. */
final class RejectReason {
    private RejectReason() {
    }

    static String describe(int reason) {
        switch (reason) {
            case 0x02: return "data (payload) digest error";
            case 0x03: return "SNACK reject";
            case 0x04: return "protocol error";
            case 0x05: return "command not supported";
            case 0x06: return "immediate command reject: too many immediate commands";
            case 0x07: return "task in progress";
            case 0x08: return "invalid data ACK";
            case 0x09: return "invalid PDU field";
            case 0x0a: return "long operation reject: out of resources";
            case 0x0b: return "deprecated";
            case 0x0c: return "waiting for logout";
            default: return "unknown reason";
        }
    }

    /** Whether the rejected command may simply be issued again (it was not executed). */
    static boolean retryable(int reason) {
        return reason == 0x02 || reason == 0x06 || reason == 0x0a || reason == 0x0c;
    }
}
