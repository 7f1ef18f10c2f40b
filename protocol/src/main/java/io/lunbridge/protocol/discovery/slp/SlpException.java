package io.lunbridge.protocol.discovery.slp;

/**
 * SLP discovery failed: a DA or SA answered with an SLP error, nobody answered in time, or the
 * network refused a send. The message names the agent's address, the request and the SLP error,
 * e.g. {@code SLP DA 198.18.4.1:427 answered SrvRqst for service:iscsi:target in scope DEFAULT
 * with SCOPE_NOT_SUPPORTED(4)}.
 */
public class SlpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a complete message. */
    public SlpException(String message) {
        super(message);
    }

    /** Creates the exception with a complete message and its cause. */
    public SlpException(String message, Throwable cause) {
        super(message, cause);
    }
}
