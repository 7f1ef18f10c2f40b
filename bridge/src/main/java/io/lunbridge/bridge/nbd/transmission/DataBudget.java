package io.lunbridge.bridge.nbd.transmission;

/**
 * The bound on data bytes one NBD connection holds: write payloads received and not yet written to
 * the device (queued or at the device), read data asked of the device and not yet handed to the
 * channel, and reply bytes handed to the channel that the socket has not taken yet (the caller
 * passes those in as {@code outbound}). Only READ and WRITE carry data; every other command costs
 * nothing here (its request count is bounded by {@code maxInFlight}).
 *
 * <p>Two decisions: whether to read more from the client's socket ({@link #mayRead}), and whether a
 * queued READ may go to the device ({@link #mayDispatchRead}). A request larger than the whole bound
 * still proceeds once nothing else is at the device, so the bound never blocks a connection for good:
 * it delays, never refuses.
 *
 * <p>Not thread-safe: owned by the connection's event loop. No buffers pass through it.
 */
final class DataBudget {
    private final long limit;
    private long queuedWrites;
    private long atDevice;

    /**
     * @param limit bytes held before reading from the client pauses; at least 1
     */
    DataBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the bound on bytes in flight must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /** The bound. */
    long limit() {
        return limit;
    }

    /** Bytes of data {@code r} holds (or will hold, for a read) while it is at the device. */
    static long cost(NbdRequest r) {
        int type = r.type();
        return type == Command.READ.code() || type == Command.WRITE.code() ? r.length() : 0;
    }

    /** A decoded request joined the queue: its write payload is held from now on. */
    void queued(NbdRequest r) {
        if (r.type() == Command.WRITE.code()) {
            queuedWrites += r.length();
        }
    }

    /** A request left the queue, either to the device ({@link #dispatched} follows) or dropped. */
    void dequeued(NbdRequest r) {
        if (r.type() == Command.WRITE.code()) {
            queuedWrites -= r.length();
        }
    }

    /** {@code r} went to the device (or straight to its reply). */
    void dispatched(NbdRequest r) {
        atDevice += cost(r);
    }

    /** {@code r}'s reply was handed to the channel: its data now counts as outbound, if at all. */
    void done(NbdRequest r) {
        atDevice -= cost(r);
    }

    /** Bytes held now, {@code outbound} being the channel's unsent reply bytes. */
    long held(long outbound) {
        return queuedWrites + atDevice + outbound;
    }

    /** Whether reading from the client may go on: what is held does not exceed the bound. */
    boolean mayRead(long outbound) {
        return held(outbound) <= limit;
    }

    /**
     * Whether a READ of {@code length} bytes may go to the device now: it fits in the bound, or
     * nothing is at the device (so a read larger than the bound proceeds alone instead of waiting for
     * ever; any wait ends with a completion at the device).
     */
    boolean mayDispatchRead(long length, long outbound) {
        return atDevice == 0 || held(outbound) + length <= limit;
    }
}
