package io.lunbridge.app.lvm;

/** An lvm2 command that failed or could not be run; the message names the command and says why. */
public final class LvmException extends Exception {
    private static final long serialVersionUID = 1L;

    public LvmException(String message) {
        super(message);
    }

    public LvmException(String message, Throwable cause) {
        super(message, cause);
    }
}
