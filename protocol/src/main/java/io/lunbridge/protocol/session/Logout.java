package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.LogoutRequest;
import io.lunbridge.protocol.pdu.LogoutResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The logout family of a {@link Session}: stops taking commands (LOGGED_IN → LOGGING_OUT, then
 * {@link #draining} completes, then the commands waiting for the window fail), lets the commands
 * already sent finish, sends the Logout Request once none is left, and closes the session on the
 * Logout Response, or fails it when the logout deadline passes. Event loop only.
 */
final class Logout {
    /** The session's logger: one logger for the whole session, whichever family speaks. */
    private static final Logger LOG = LogManager.getLogger(Session.class);

    private final SessionContext ctx;
    private final Session session;
    /** See {@link Session#drainingFuture()}. */
    final CompletableFuture<String> draining = new CompletableFuture<>();
    private CompletableFuture<Void> future;
    private long deadlineNanos;
    private boolean sent;

    Logout(SessionContext ctx, Session session) {
        this.ctx = ctx;
        this.session = session;
    }

    /** Begins (or joins) the logout; the future completes when the connection is closed. */
    CompletableFuture<Void> start(String reason) {
        if (future == null) {
            future = new CompletableFuture<>();
        }
        if (ctx.ended()) {
            future.complete(null);
            return future;
        }
        if (ctx.state() == SessionState.LOGGED_IN) {
            session.transition(SessionState.LOGGING_OUT, reason);
            draining.complete(reason);
            deadlineNanos = ctx.now() + ctx.config.logoutTimeout().toNanos();
            for (ScsiTask t : ctx.waiting) {
                ctx.tasks.remove(t.itt);
                t.fail(new SessionException(SessionException.Kind.LOGGED_OUT,
                        t.request.description() + " not sent: session " + ctx.name + " is logging out"));
            }
            ctx.waiting.clear();
        }
        maybeSend();
        return future;
    }

    /** Shortens the deadline of a logout in progress to the seconds the target allows (its Parameter3). */
    void shortenDeadline(int seconds) {
        if (seconds > 0 && ctx.state() == SessionState.LOGGING_OUT) {
            long requested = ctx.now() + TimeUnit.SECONDS.toNanos(seconds);
            if (requested - deadlineNanos < 0) {
                deadlineNanos = requested;
            }
        }
    }

    /** Sends the Logout Request once, when no command or task management request is outstanding. */
    void maybeSend() {
        if (sent || hasOutstandingCommands()) {
            return;
        }
        sent = true;
        LogoutTask task = new LogoutTask();
        task.itt = ctx.tasks.add(task);
        ctx.channel.writeAndFlush(new LogoutRequest(true, LogoutRequest.CLOSE_SESSION, task.itt, 0,
                ctx.window.nextCmdSn(), ctx.expStatSn));
    }

    private boolean hasOutstandingCommands() {
        for (Task t : ctx.tasks.snapshot()) {
            if (t instanceof ScsiTask || t instanceof TmfTask) {
                return true;
            }
        }
        return false;
    }

    void onLogoutResponse(LogoutResponse r) {
        if (!(ctx.tasks.remove(r.initiatorTaskTag()) instanceof LogoutTask)) {
            throw new SessionProtocolException("Logout Response for unknown ITT 0x" + Integer.toHexString(r.initiatorTaskTag()));
        }
        if (r.response() != 0) {
            LOG.warn("target {} answered logout with response {}; closing the connection anyway", ctx.name, r.response());
        }
        session.transition(SessionState.CLOSED, "logged out");
        session.closeChannelAndFailAll(new SessionException(SessionException.Kind.LOGGED_OUT,
                "session " + ctx.name + " logged out"));
    }

    /** On each tick: fails the session when a logout in progress has passed its deadline. */
    void checkDeadline(long now) {
        if (ctx.state() == SessionState.LOGGING_OUT && now - deadlineNanos > 0) {
            session.fail(SessionException.Kind.LOGGED_OUT, "logout from " + ctx.name + " did not complete within "
                    + ctx.config.logoutTimeout().toSeconds() + " s; connection closed");
        }
    }

    /** Completes a pending {@link #start} once the connection is closed. */
    void closed() {
        if (future != null) {
            future.complete(null);
        }
    }
}
