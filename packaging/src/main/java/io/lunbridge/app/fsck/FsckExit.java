package io.lunbridge.app.fsck;

/**
 * The exit status of {@code lunbridge fsck}, as fsck(8)'s: the bitwise OR of the results of every
 * filesystem checked (0 alone means everything was clean).
 */
public final class FsckExit {
    /** No errors. */
    public static final int CLEAN = 0;
    /** Errors were corrected. */
    public static final int CORRECTED = 1;
    /** Errors were left uncorrected. */
    public static final int UNCORRECTED = 4;
    /** Operational error: nothing to check, a refusal (mounted, in use, not attached), a checker that failed. */
    public static final int OPERATIONAL = 8;
    /** Usage or syntax error. */
    public static final int USAGE = 16;
    /** Cancelled by the user. */
    public static final int CANCELLED = 32;

    private FsckExit() {
    }

    /** Whether a LUN with result {@code status} may have its "needs fsck" flag cleared: clean or corrected only. */
    public static boolean clearsFlag(int status) {
        return (status & ~CORRECTED) == 0;
    }
}
