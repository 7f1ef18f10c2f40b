package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.AsyncMessage;
import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.Reject;
import io.lunbridge.protocol.text.KeyValue;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a target sends of its own accord to a {@link Session}: Asynchronous Messages (logout
 * requested, connection or session dropped with a Time2Wait, renegotiation) and Rejects, which fail
 * the rejected command or text exchange. Event loop only, except {@link #requestedTime2Wait()}.
 */
final class AsyncEvents {
    /** The session's logger: one logger for the whole session, whichever family speaks. */
    private static final Logger LOG = LogManager.getLogger(Session.class);

    private final SessionContext ctx;
    private final Session session;
    private final ScsiCommands commands;
    private final TextExchanges texts;
    private final Logout logout;
    /** Time2Wait asked by the target when it dropped the connection or session (-1: none). */
    private volatile int requestedTime2Wait = -1;

    AsyncEvents(SessionContext ctx, Session session, ScsiCommands commands, TextExchanges texts, Logout logout) {
        this.ctx = ctx;
        this.session = session;
        this.commands = commands;
        this.texts = texts;
        this.logout = logout;
    }

    /** See {@link Session#requestedTime2Wait()}; any thread. */
    int requestedTime2Wait() {
        return requestedTime2Wait;
    }

    void onAsyncMessage(AsyncMessage a) {
        String name = ctx.name;
        try {
            switch (a.asyncEvent()) {
                case AsyncMessage.SCSI_ASYNC_EVENT:
                    LOG.info("target {} reported a SCSI asynchronous event ({} bytes of sense)", name,
                            a.data().readableBytes());
                    break;
                case AsyncMessage.LOGOUT_REQUESTED:
                    LOG.info("target {} requests logout within {} s", name, a.parameter3());
                    logout.start("the target requested logout");
                    logout.shortenDeadline(a.parameter3());
                    break;
                case AsyncMessage.CONNECTION_DROP:
                case AsyncMessage.SESSION_DROP:
                    requestedTime2Wait = a.parameter2();
                    session.fail(SessionException.Kind.CONNECTION_LOST, "target " + name + " is dropping the "
                            + (a.asyncEvent() == AsyncMessage.SESSION_DROP ? "session" : "connection")
                            + " (Time2Wait " + a.parameter2() + " s, Time2Retain " + a.parameter3() + " s)");
                    break;
                case AsyncMessage.NEGOTIATION_REQUESTED:
                    LOG.info("target {} requests parameter renegotiation; re-declaring MaxRecvDataSegmentLength", name);
                    texts.start(List.of(new KeyValue("MaxRecvDataSegmentLength",
                            Integer.toString(ctx.params.maxRecvDataSegmentLength()))))
                            .whenComplete((keys, e) -> {
                                if (e != null) {
                                    LOG.warn("renegotiation with {} failed: {}", name, e.getMessage());
                                }
                            });
                    break;
                default:
                    LOG.info("target {} sent asynchronous event {} (ignored)", name, a.asyncEvent());
            }
        } finally {
            a.release();
        }
    }

    void onReject(Reject r) {
        ByteBuf header = r.data();
        int itt = header.readableBytes() >= 20 ? header.getInt(header.readerIndex() + 16) : Pdu.RESERVED_TAG;
        int opcode = header.readableBytes() >= 1 ? header.getByte(header.readerIndex()) & 0x3f : -1;
        r.release();
        String what = "target " + ctx.name + " rejected a PDU (opcode 0x" + Integer.toHexString(opcode) + ", ITT 0x"
                + Integer.toHexString(itt) + "): reason 0x" + Integer.toHexString(r.reason()) + " ("
                + RejectReason.describe(r.reason()) + ")";
        Task t = itt == Pdu.RESERVED_TAG ? null : ctx.tasks.get(itt);
        if (t instanceof ScsiTask task) {
            SessionException.Kind kind = RejectReason.retryable(r.reason())
                    ? SessionException.Kind.TIMEOUT : SessionException.Kind.REJECTED;
            commands.abandon(task, kind, what);
        } else if (t instanceof TextTask text) {
            texts.end(text, new SessionException(SessionException.Kind.REJECTED, what));
        } else {
            LOG.warn("{}", what);
        }
    }
}
