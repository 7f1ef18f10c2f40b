package io.lunbridge.protocol.login;

/**
 * A login that failed, with what kind of failure it was and whether trying again later can help.
 * The message is meant for an operator: it names initiator, target, portal, the login status when
 * there is one, and what to check. It never contains a secret.
 */
public final class LoginException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the login failed; the first group maps the target's login status (RFC 7143 §11.13.5). */
    public enum Kind {
        /** 0x0201: the target did not accept our credentials (or we refused the target's). */
        AUTHENTICATION(false),
        /** 0x0202: authenticated but not allowed to access this target. */
        AUTHORIZATION(false),
        /** 0x0203: no such target at this portal. */
        TARGET_NOT_FOUND(false),
        /** 0x0204: the target was removed. */
        TARGET_REMOVED(false),
        /** 0x0205: the target does not speak our protocol version. */
        UNSUPPORTED_VERSION(false),
        /** 0x0206 too many connections, 0x0208 cannot include in session: can clear once old connections go. */
        TOO_MANY_CONNECTIONS(true),
        /** 0x0207: the target misses a parameter it needs. */
        MISSING_PARAMETER(false),
        /** 0x0209: the target does not support this session type. */
        SESSION_TYPE_UNSUPPORTED(false),
        /** 0x020a: the session named by our TSIH no longer exists: log in as a new session. */
        SESSION_DOES_NOT_EXIST(false),
        /** 0x020b: a request invalid during login. */
        INVALID_DURING_LOGIN(false),
        /** 0x0300: target hardware or software error. */
        TARGET_ERROR(true),
        /** 0x0301: the target is temporarily unable to serve. */
        SERVICE_UNAVAILABLE(true),
        /** 0x0302: the target is out of resources. */
        OUT_OF_RESOURCES(true),
        /** Operational negotiation failed: a target answer broke RFC 7143 rules. */
        NEGOTIATION(false),
        /** The target's login response broke the protocol (fields, stages, text). */
        PROTOCOL(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether the same login may succeed when tried again later (with backoff). */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int status;

    public LoginException(Kind kind, String message) {
        this(kind, -1, message, null);
    }

    public LoginException(Kind kind, String message, Throwable cause) {
        this(kind, -1, message, cause);
    }

    /**
     * @param status the login status (class << 8 | detail) the target sent, or -1
     */
    public LoginException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The target's login status (Status-Class << 8 | Status-Detail), or -1 if the failure is ours. */
    public int status() {
        return status;
    }

    /**
     * Whether retrying later can help (target busy, out of resources, transient errors). False for
     * authentication, authorization, missing targets and protocol errors: retrying those would only
     * hammer the target.
     */
    public boolean retryable() {
        return kind.retryable();
    }
}
