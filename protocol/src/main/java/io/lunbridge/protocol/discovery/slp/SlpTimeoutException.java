package io.lunbridge.protocol.discovery.slp;

/**
 * No SLP reply arrived within the retransmission schedule (or the overall bound). Separate from
 * {@link SlpException} because a silent DA makes the user agent fall back to multicast, while a DA
 * that answers with an error does not.
 */
public class SlpTimeoutException extends SlpException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the agent and the request. */
    public SlpTimeoutException(String message) {
        super(message);
    }
}
