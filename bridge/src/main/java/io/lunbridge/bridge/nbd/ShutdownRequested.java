package io.lunbridge.bridge.nbd;

/**
 * User event fired into every connection's pipeline when the server stops: handshake-phase
 * connections close at once, transmission-phase connections finish their in-flight requests, answer
 * everything else with ESHUTDOWN and then close.
 */
public final class ShutdownRequested {
    /** The one instance; the event carries no data. */
    public static final ShutdownRequested INSTANCE = new ShutdownRequested();

    private ShutdownRequested() {
    }
}
