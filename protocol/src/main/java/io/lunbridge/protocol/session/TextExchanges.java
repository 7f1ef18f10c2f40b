package io.lunbridge.protocol.session;

import io.lunbridge.protocol.pdu.Pdu;
import io.lunbridge.protocol.pdu.TextRequest;
import io.lunbridge.protocol.pdu.TextResponse;
import io.lunbridge.protocol.text.KeyValue;
import io.lunbridge.protocol.text.TextCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The text family of a {@link Session}: Text Requests in full feature phase, following the target's
 * continuation (F=0 / TTT) until the final Text Response. Each exchange gathers the responses' data
 * in its {@link TextTask}, which owns and releases it. Event loop only.
 */
final class TextExchanges {
    private final SessionContext ctx;

    TextExchanges(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** Starts an exchange; on the event loop. */
    CompletableFuture<List<KeyValue>> start(List<KeyValue> keys) {
        if (ctx.state() != SessionState.LOGGED_IN) {
            return CompletableFuture.failedFuture(ctx.notLoggedIn());
        }
        TextTask task = new TextTask(keys, ctx.channel.alloc().compositeBuffer());
        task.itt = ctx.tasks.add(task);
        task.deadlineNanos = ctx.now() + ctx.config.commandTimeout().toNanos();
        send(task, TextCodec.encode(keys, ctx.channel.alloc()), Pdu.RESERVED_TAG);
        return task.future;
    }

    void onTextResponse(TextResponse r) {
        if (!(ctx.tasks.get(r.initiatorTaskTag()) instanceof TextTask task)) {
            r.release();
            throw new SessionProtocolException("Text Response for unknown ITT 0x" + Integer.toHexString(r.initiatorTaskTag()));
        }
        task.text.addComponent(true, r.data());
        if (task.text.readableBytes() > TextTask.MAX_TEXT) {
            throw new SessionProtocolException("Text Response data exceeds " + TextTask.MAX_TEXT + " bytes");
        }
        if (!r.finalPdu()) {
            // More text follows: ask for it with an empty request echoing the TTT.
            send(task, Unpooled.EMPTY_BUFFER, r.targetTransferTag());
            return;
        }
        ctx.tasks.remove(task.itt);
        try {
            List<KeyValue> keys = TextCodec.decode(task.text);
            task.future.complete(keys);
        } catch (RuntimeException e) {
            task.future.completeExceptionally(new SessionException(SessionException.Kind.PROTOCOL,
                    "malformed Text Response from " + ctx.name + ": " + e.getMessage(), e));
        } finally {
            task.text.release();
        }
    }

    /** Ends an exchange that timed out or was rejected. */
    void end(TextTask task, SessionException reason) {
        ctx.tasks.remove(task.itt);
        task.fail(reason);
    }

    private void send(TextTask task, ByteBuf data, int ttt) {
        ctx.channel.writeAndFlush(new TextRequest(true, true, false, 0L, task.itt, ttt, ctx.window.nextCmdSn(),
                ctx.expStatSn, data));
    }
}
