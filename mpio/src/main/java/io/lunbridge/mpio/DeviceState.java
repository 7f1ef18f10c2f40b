package io.lunbridge.mpio;

import io.lunbridge.state.Transitions;

/**
 * The state of a multipath device: RUNNING (a path carries I/O), QUEUEING (no usable path; I/O
 * waits for the replacement timeout), FAILED (the timeout expired: I/O fails with EIO until a path
 * is back), CLOSED (the device was closed by its owner).
 */
public enum DeviceState implements Transitions<DeviceState> {
    RUNNING, QUEUEING, FAILED, CLOSED;

    @Override
    public boolean canMoveTo(DeviceState next) {
        if (this == CLOSED) {
            return false;
        }
        return next != this;
    }
}
