package io.lunbridge.protocol.discovery.isns;

/**
 * An iSNS operation failed: a server could not be reached, did not answer in time, or answered
 * with an error status. The message names the server and its address, e.g.
 * "iSNS server 198.18.30.2:3205: DevAttrQry failed with status 3 (Invalid Registration)".
 */
public final class IsnsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IsnsException(String message) {
        super(message);
    }

    public IsnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
