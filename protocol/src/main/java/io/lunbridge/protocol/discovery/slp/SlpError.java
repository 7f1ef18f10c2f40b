package io.lunbridge.protocol.discovery.slp;

import java.util.Optional;

/**
 * SLPv2 error codes (RFC 2608 §7). Replies keep the raw code, since a peer may send one this enum
 * does not know; this enum names the known ones for logs and decisions.
 */
public enum SlpError {
    /** No error. */
    OK(0),
    /** No registration in the requested language (openslp never sends it: it ignores the tag). */
    LANGUAGE_NOT_SUPPORTED(1),
    /** The request could not be parsed (openslp never sends it over UDP: it drops the request). */
    PARSE_ERROR(2),
    /** The registration was invalid. */
    INVALID_REGISTRATION(3),
    /** The responder does not serve any of the requested scopes. */
    SCOPE_NOT_SUPPORTED(4),
    /** The responder does not know the requested SPI. */
    AUTHENTICATION_UNKNOWN(5),
    /** An authentication block was required but missing. */
    AUTHENTICATION_ABSENT(6),
    /** An authentication block failed verification. */
    AUTHENTICATION_FAILED(7),
    /** The SLP version is not supported. */
    VER_NOT_SUPPORTED(9),
    /** The responder failed internally. */
    INTERNAL_ERROR(10),
    /** The DA is busy; retry later. */
    DA_BUSY_NOW(11),
    /** A mandatory extension was not understood. */
    OPTION_NOT_UNDERSTOOD(12),
    /** A registration update was invalid. */
    INVALID_UPDATE(13),
    /** The message type is not supported. */
    MSG_NOT_SUPPORTED(14),
    /** A registration was refreshed too often. */
    REFRESH_REJECTED(15);

    private final int code;

    SlpError(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The known error with this code. */
    public static Optional<SlpError> of(int code) {
        for (SlpError e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code NAME(code)} for known codes, {@code UNKNOWN(code)} otherwise; for log lines. */
    public static String describe(int code) {
        return of(code).map(e -> e.name() + "(" + code + ")").orElse("UNKNOWN(" + code + ")");
    }
}
