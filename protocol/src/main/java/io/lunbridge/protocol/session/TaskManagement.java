package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.TaskManagementRequest;
import io.lunbridge.protocol.pdu.TaskManagementResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The task management family of a {@link Session}, and its sweep of deadlines: a command that times
 * out is aborted (ABORT TASK), an abort that fails or goes unanswered escalates to LOGICAL UNIT
 * RESET, and a reset that fails or goes unanswered drops the connection. A command that timed out
 * before it was sent, and a text exchange that timed out, are simply failed. Event loop only.
 */
final class TaskManagement {
    /** The session's logger: one logger for the whole session, whichever family speaks. */
    private static final Logger LOG = LogManager.getLogger(Session.class);

    private final SessionContext ctx;
    private final Session session;
    private final ScsiCommands commands;
    private final TextExchanges texts;

    TaskManagement(SessionContext ctx, Session session, ScsiCommands commands, TextExchanges texts) {
        this.ctx = ctx;
        this.session = session;
        this.commands = commands;
        this.texts = texts;
    }

    /** On each tick: acts on every task whose deadline has passed. */
    void sweep(long now) {
        List<Task> expired = null;
        for (Task t : ctx.tasks.snapshot()) {
            boolean due = t instanceof ScsiTask s
                    ? !s.aborting && now - s.deadlineNanos > 0
                    : !(t instanceof PingTask) && t.deadlineNanos != 0 && now - t.deadlineNanos > 0;
            if (due) {
                (expired == null ? expired = new ArrayList<>() : expired).add(t);
            }
        }
        if (expired == null) {
            return;
        }
        SessionConfig config = ctx.config;
        for (Task o : expired) {
            if (ctx.state() != SessionState.LOGGED_IN && ctx.state() != SessionState.LOGGING_OUT) {
                return;
            }
            if (o instanceof ScsiTask t) {
                if (!t.sent) {
                    commands.abandon(t, SessionException.Kind.TIMEOUT, t.request.description() + " on " + ctx.name
                            + " waited " + config.commandTimeout().toSeconds() + " s for the command window ("
                            + ctx.window + ") and was not sent");
                } else {
                    LOG.warn("{} on {} timed out after {} s; sending ABORT TASK", t.request.description(), ctx.name,
                            config.commandTimeout().toSeconds());
                    t.aborting = true;
                    send(TaskManagementRequest.ABORT_TASK, t);
                }
            } else if (o instanceof TmfTask tmf) {
                ctx.tasks.remove(tmf.itt);
                if (tmf.function == TaskManagementRequest.ABORT_TASK) {
                    LOG.warn("ABORT TASK on {} unanswered; resetting the logical unit", ctx.name);
                    send(TaskManagementRequest.LOGICAL_UNIT_RESET, tmf.victim);
                } else {
                    session.fail(SessionException.Kind.TIMEOUT, "task management on " + ctx.name
                            + " unanswered after a command timeout; connection dropped");
                }
            } else if (o instanceof TextTask t) {
                texts.end(t, new SessionException(SessionException.Kind.TIMEOUT,
                        "text exchange with " + ctx.name + " timed out"));
            }
        }
    }

    private void send(int function, ScsiTask victim) {
        TmfTask tmf = new TmfTask(function, victim);
        tmf.itt = ctx.tasks.add(tmf);
        tmf.deadlineNanos = ctx.now() + ctx.config.taskManagementTimeout().toNanos();
        int referenced = function == TaskManagementRequest.ABORT_TASK ? victim.itt : Pdu.RESERVED_TAG;
        ctx.channel.writeAndFlush(new TaskManagementRequest(true, function, victim.request.lun(), tmf.itt,
                referenced, ctx.window.nextCmdSn(), ctx.expStatSn, victim.cmdSn, 0));
    }

    void onTmfResponse(TaskManagementResponse r) {
        if (!(ctx.tasks.remove(r.initiatorTaskTag()) instanceof TmfTask tmf)) {
            throw new SessionProtocolException("Task Management Response for unknown ITT 0x"
                    + Integer.toHexString(r.initiatorTaskTag()));
        }
        if (tmf.function == TaskManagementRequest.ABORT_TASK) {
            ScsiTask victim = tmf.victim;
            if (ctx.tasks.get(victim.itt) == victim) {
                // Function complete (0) or task does not exist (1): the task is gone at the target.
                if (r.response() == 0 || r.response() == 1) {
                    commands.abandon(victim, SessionException.Kind.TIMEOUT, victim.request.description() + " on "
                            + ctx.name + " timed out after " + ctx.config.commandTimeout().toSeconds()
                            + " s and was aborted");
                } else {
                    LOG.warn("ABORT TASK for {} on {} answered {}; resetting the logical unit",
                            victim.request.description(), ctx.name, r.response());
                    send(TaskManagementRequest.LOGICAL_UNIT_RESET, victim);
                }
            }
        } else if (tmf.function == TaskManagementRequest.LOGICAL_UNIT_RESET) {
            if (r.response() != 0) {
                session.fail(SessionException.Kind.TIMEOUT, "LOGICAL UNIT RESET on " + ctx.name + " failed (response "
                        + r.response() + ") after a command timeout");
                return;
            }
            long lun = tmf.victim.request.lun();
            for (ScsiTask s : sentTasksOfLun(lun)) {
                commands.abandon(s, SessionException.Kind.TIMEOUT, s.request.description() + " on " + ctx.name
                        + " was cleared by a LOGICAL UNIT RESET after a command timeout");
            }
        }
    }

    private List<ScsiTask> sentTasksOfLun(long lun) {
        List<ScsiTask> matching = new ArrayList<>();
        for (Task t : ctx.tasks.snapshot()) {
            if (t instanceof ScsiTask s && s.request.lun() == lun && s.sent) {
                matching.add(s);
            }
        }
        return matching;
    }
}
