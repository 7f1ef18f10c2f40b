package io.lunbridge.it.harness;

/**
 * Failure of the integration-test harness itself (a command failed, a peer did not come up in
 * time, a resource could not be cleaned up).
 *
 * <p>Unchecked so that tests and {@code close()} methods stay readable; the message always names
 * the command or resource and carries the relevant stderr or log tail.
 */
public final class HarnessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete, self-explaining message. */
    public HarnessException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
