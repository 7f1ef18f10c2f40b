package io.lunbridge.protocol.recovery;

/**
 * What the layer above a session (multipath) does with a command that did not succeed.
 * Decided by {@link FailureClassifier}.
 */
public enum Recovery {
    /** The command may succeed on the same path if sent again (after a short back-off). */
    RETRY_SAME_PATH,
    /** The path cannot carry it: issue it again, unchanged, on another usable path. */
    RETRY_OTHER_PATH,
    /** The target judged the command itself: report the error upward, never retry. */
    FAIL
}
