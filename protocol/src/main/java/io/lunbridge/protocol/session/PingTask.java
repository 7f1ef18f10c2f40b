package io.lunbridge.protocol.session;

/** A keepalive NOP-Out ping waiting for its NOP-In. */
final class PingTask extends Task {
    final long sentNanos;

    PingTask(long sentNanos) {
        this.sentNanos = sentNanos;
    }
}
