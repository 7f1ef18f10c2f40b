package io.lunbridge.mpio;

/**
 * Told about I/O a {@link MultipathDevice} failed with EIO for lack of a path ({@link IoFailure}).
 * Called on the device's event loop: an implementation must not block (hand any file or database
 * write to a thread of its own) and must not throw.
 */
@FunctionalInterface
public interface IoFailureListener {
    /** Does nothing. */
    IoFailureListener NONE = f -> { };

    void failed(IoFailure failure);
}
