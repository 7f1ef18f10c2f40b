package io.lunbridge.app.fsck;

/** {@code lunbridge fsck} cannot go on: the message says why, {@link #exitStatus()} is fsck(8)'s code for it. */
public final class FsckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    public FsckException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    /** {@link FsckExit#OPERATIONAL} or {@link FsckExit#USAGE}. */
    public int exitStatus() {
        return exitStatus;
    }
}
