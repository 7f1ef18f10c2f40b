package io.lunbridge.mpio;

/**
 * The state of a multipath device: RUNNING (a path carries I/O), QUEUEING (no usable path; I/O
 * waits for the replacement timeout), FAILED (the timeout expired: I/O fails with EIO until a path
 * is back), CLOSED (the device was closed by its owner).
 */
public enum DeviceState {
    RUNNING, QUEUEING, FAILED, CLOSED;

    /** Whether {@code next} may follow this state. */
    public boolean canMoveTo(DeviceState next) {
        if (this == CLOSED) {
            return false;
        }
        return next != this;
    }
}
