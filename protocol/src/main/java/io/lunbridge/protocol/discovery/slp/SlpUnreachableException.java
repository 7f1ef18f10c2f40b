package io.lunbridge.protocol.discovery.slp;

/**
 * An SLP agent cannot be reached: the network answered a request with an ICMP error (port or host
 * unreachable), or the request could not even be sent. The agent's attempt ends at once instead of
 * being retransmitted until {@code retryMax}.
 */
public final class SlpUnreachableException extends SlpException {
    private static final long serialVersionUID = 1L;

    public SlpUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
