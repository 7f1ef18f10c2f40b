package io.lunbridge.mpio;

/** A target or device could not be set up over any path; the message names each path and why. */
public final class MultipathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MultipathException(String message) {
        super(message);
    }
}
