package io.lunbridge.protocol.session;

/**
 * A task in the session's {@link TaskTable}, under its Initiator Task Tag: a SCSI command, a
 * keepalive ping, a task management function, a text exchange or the logout. Owned by the session's
 * event loop.
 */
abstract sealed class Task permits ScsiTask, PingTask, TmfTask, TextTask, LogoutTask {
    /** The Initiator Task Tag the table gave the task. */
    int itt;
    /** When the task times out ({@link System#nanoTime()} scale); 0 for tasks without a deadline. */
    long deadlineNanos;
}
