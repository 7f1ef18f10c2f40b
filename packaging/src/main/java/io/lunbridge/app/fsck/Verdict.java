package io.lunbridge.app.fsck;

/** What one run of a filesystem checker says, with the part of {@code lunbridge fsck}'s exit status it gives. */
public enum Verdict {
    /** Nothing wrong. */
    CLEAN(FsckExit.CLEAN, "clean"),
    /** A read-only check found errors (nothing was changed). */
    ERRORS_FOUND(FsckExit.UNCORRECTED, "errors found"),
    /** A repair corrected errors. */
    CORRECTED(FsckExit.CORRECTED, "errors corrected"),
    /** A repair left errors. */
    UNCORRECTED(FsckExit.UNCORRECTED, "errors left uncorrected"),
    /** The checker could not do its work. */
    FAILED(FsckExit.OPERATIONAL, "operational error"),
    /** The checker was interrupted. */
    CANCELLED(FsckExit.CANCELLED, "cancelled");

    private final int exitStatus;
    private final String text;

    Verdict(int exitStatus, String text) {
        this.exitStatus = exitStatus;
        this.text = text;
    }

    /** The bit of fsck(8)'s exit status. */
    public int exitStatus() {
        return exitStatus;
    }

    /** "clean", "errors found", … */
    public String text() {
        return text;
    }
}
