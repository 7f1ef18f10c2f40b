package io.lunbridge.protocol.session;

/** A task management request (ABORT TASK or LOGICAL UNIT RESET) sent for a timed-out command. */
final class TmfTask extends Task {
    final int function;
    final ScsiTask victim;

    TmfTask(int function, ScsiTask victim) {
        this.function = function;
        this.victim = victim;
    }
}
