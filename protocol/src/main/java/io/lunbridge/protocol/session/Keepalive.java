package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.NopIn;
import io.lunbridge.protocol.pdu.NopOut;
import io.lunbridge.protocol.pdu.Pdu;
import io.netty.buffer.Unpooled;

/**
 * The keepalive family of a {@link Session}: pings a silent target with a NOP-Out (at most one in
 * flight; after half the interval while commands are outstanding, after the whole interval when
 * idle), declares the connection dead when the ping goes unanswered, and answers the target's own
 * NOP-In pings. Event loop only.
 */
final class Keepalive {
    private final SessionContext ctx;
    private final Session session;
    private long lastReceivedNanos;
    private PingTask ping;

    Keepalive(SessionContext ctx, Session session) {
        this.ctx = ctx;
        this.session = session;
        this.lastReceivedNanos = ctx.now();
    }

    /** Notes that a PDU arrived: the connection is alive. */
    void received() {
        lastReceivedNanos = ctx.now();
    }

    /** On each tick: fails the session if the ping in flight is overdue, or sends one if the target is idle. */
    void check(long now) {
        SessionConfig config = ctx.config;
        long interval = config.keepaliveInterval().toNanos();
        if (interval <= 0) {
            return;
        }
        if (ping != null) {
            if (now - ping.sentNanos > config.keepaliveTimeout().toNanos()) {
                session.fail(SessionException.Kind.CONNECTION_LOST, "target " + ctx.name
                        + " did not answer a NOP-Out ping within " + config.keepaliveTimeout().toMillis()
                        + " ms: connection declared dead");
            }
            return;
        }
        // A target that owes answers to commands in flight and has been silent for half the interval
        // is asked at once: a dead link is then declared after interval/2 + timeout, not interval +
        // timeout, and the commands move to another path sooner. An idle target is asked after the
        // whole interval.
        long quiet = ctx.counters.outstanding > 0 ? interval / 2 : interval;
        if (now - lastReceivedNanos >= quiet) {
            ping = new PingTask(now);
            ping.itt = ctx.tasks.add(ping);
            ctx.counters.pings++;
            ctx.channel.writeAndFlush(new NopOut(true, 0L, ping.itt, Pdu.RESERVED_TAG, ctx.window.nextCmdSn(),
                    ctx.expStatSn, Unpooled.EMPTY_BUFFER));
        }
    }

    void onNopIn(NopIn n) {
        if (n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
            ctx.advanceStatSn(n.statSn());
            Task t = ctx.tasks.remove(n.initiatorTaskTag());
            n.release();
            if (t == ping) {
                ping = null;
            } else if (t != null) {
                throw new SessionProtocolException("NOP-In answers ITT 0x" + Integer.toHexString(n.initiatorTaskTag())
                        + " which is not a ping");
            }
            return;
        }
        if (n.targetTransferTag() != Pdu.RESERVED_TAG) {
            // A target ping: answer with the TTT and the ping data echoed (ownership moves on).
            ctx.counters.targetPings++;
            ctx.channel.writeAndFlush(new NopOut(true, n.lun(), Pdu.RESERVED_TAG, n.targetTransferTag(),
                    ctx.window.nextCmdSn(), ctx.expStatSn, n.data()));
            return;
        }
        n.release();
    }

    /** Forgets the ping in flight (the task table was drained on close). */
    void reset() {
        ping = null;
    }
}
