package io.lunbridge.app.store;

/**
 * A request the store refuses (unknown or duplicate target, a value a field does not accept) or a
 * store it cannot open or write. The message names the store file, the target and the field; it
 * never contains a CHAP secret.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A refusal with its full explanation. */
    public StoreException(String message) {
        super(message);
    }

    /** A failure of the underlying database or file system, with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
