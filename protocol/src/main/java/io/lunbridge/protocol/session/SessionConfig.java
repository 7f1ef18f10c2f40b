package io.lunbridge.protocol.session;

import java.time.Duration;

/**
 * Timers of a full-feature session.
 *
 * @param keepaliveInterval idle time after which a NOP-Out ping is sent (open-iscsi's
 *     noop_out_interval); zero disables keepalive
 * @param keepaliveTimeout time a ping may stay unanswered before the connection is declared dead
 *     (open-iscsi's noop_out_timeout)
 * @param commandTimeout time a SCSI command may stay outstanding before it is aborted with ABORT TASK
 * @param taskManagementTimeout time a task management request may take before escalation (ABORT
 *     TASK → LOGICAL UNIT RESET → connection drop)
 * @param logoutTimeout time to wait for outstanding commands and the Logout Response
 */
public record SessionConfig(Duration keepaliveInterval, Duration keepaliveTimeout,
                            Duration commandTimeout, Duration taskManagementTimeout,
                            Duration logoutTimeout) {

    /** Defaults close to open-iscsi's: 5 s ping interval and timeout, 30 s commands. */
    public static SessionConfig defaults() {
        return new SessionConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    public SessionConfig withKeepalive(Duration interval, Duration timeout) {
        return new SessionConfig(interval, timeout, commandTimeout, taskManagementTimeout, logoutTimeout);
    }

    public SessionConfig withCommandTimeout(Duration timeout) {
        return new SessionConfig(keepaliveInterval, keepaliveTimeout, timeout, taskManagementTimeout,
                logoutTimeout);
    }
}
