package io.lunbridge.bridge.nbd.transmission;

/**
 * User event fired into a kernel connection's pipeline when its device is handed over to the next
 * server process (a daemon restart): reading stops, every request already read is executed and
 * answered, then the connection closes. The kernel keeps the device configured and, after end of
 * file, marks the connection dead: I/O waits for the next process's NBD_CMD_RECONFIGURE. Requests the
 * kernel wrote but that were not read yet stay unanswered; the kernel re-sends them on the new
 * connection when their request timer fires.
 */
public final class HandOverRequested {
    /** The one instance; the event carries no data. */
    public static final HandOverRequested INSTANCE = new HandOverRequested();

    private HandOverRequested() {
    }
}
