package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.SerialNumbers;
import io.lunbridge.protocol.text.SessionParameters;
import io.lunbridge.state.StateMachine;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The state one {@link Session} shares among its PDU families (SCSI commands, keepalive, task
 * management, text, logout, asynchronous events): the channel, the negotiated parameters, the
 * command window, the task table and the StatSN expected next. Owned by the channel's event loop;
 * no locks.
 */
final class SessionContext {
    final String name;
    final Channel channel;
    final SessionParameters params;
    final SessionConfig config;
    final LongSupplier clock;
    final CommandWindow window;
    final TaskTable<Task> tasks = new TaskTable<>(1);
    /** Commands registered but not yet sent because the command window is closed, in order. */
    final ArrayDeque<ScsiTask> waiting = new ArrayDeque<>();
    final SessionCounters counters = new SessionCounters();
    int expStatSn;
    /** Moved only by {@link Session#transition}; read from other threads as advisory. */
    final StateMachine<SessionState> machine;

    SessionContext(String name, Channel channel, LoginResult login, SessionConfig config, LongSupplier clock,
            org.apache.logging.log4j.Logger log) {
        this.name = name;
        this.machine = new StateMachine<>("session " + name, SessionState.LOGGED_IN, log);
        this.channel = channel;
        this.params = login.parameters();
        this.config = config;
        this.clock = clock;
        this.window = new CommandWindow(login.nextCmdSn(), login.expCmdSn(), login.maxCmdSn());
        this.expStatSn = login.statSn() + 1;
    }

    SessionState state() {
        return machine.state();
    }

    long now() {
        return clock.getAsLong();
    }

    /** Whether the session is FAILED or CLOSED. */
    boolean ended() {
        SessionState state = state();
        return state == SessionState.FAILED || state == SessionState.CLOSED;
    }

    void advanceStatSn(int statSn) {
        if (SerialNumbers.lessOrEqual(expStatSn, statSn)) {
            expStatSn = statSn + 1;
        }
    }

    /** Why a command or text exchange is refused outside LOGGED_IN. */
    SessionException notLoggedIn() {
        SessionState state = state();
        SessionException.Kind kind = state == SessionState.LOGGING_OUT
                ? SessionException.Kind.LOGGED_OUT : SessionException.Kind.CONNECTION_LOST;
        return new SessionException(kind, "session " + name + " is " + state + ": command not sent");
    }
}
