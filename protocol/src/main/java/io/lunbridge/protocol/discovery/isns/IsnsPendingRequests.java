package io.lunbridge.protocol.discovery.isns;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The requests an {@link IsnsClient} has sent and not yet seen answered: transaction ids, the
 * per-request timeout, matching a response to its request, and failing them all when the
 * connection breaks. Event loop only (no locks); the messages written are owned by Netty once
 * written.
 */
final class IsnsPendingRequests {
    private record Pending(IsnsFunction function, CompletableFuture<IsnsResponse> result, ScheduledFuture<?> timeout) {
    }

    private final EventLoop loop;
    private final Duration requestTimeout;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextTransactionId = 1;

    IsnsPendingRequests(EventLoop loop, Duration requestTimeout) {
        this.loop = loop;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Sends {@code request} on {@code ch} and completes with its successful response, or with an
     * {@link IsnsException} naming {@code where} (no connection, write failure, timeout, error status).
     */
    CompletableFuture<IsnsResponse> send(Channel ch, IsnsRequest request, String where) {
        CompletableFuture<IsnsResponse> result = new CompletableFuture<>();
        if (ch == null || !ch.isActive()) {
            result.completeExceptionally(new IsnsException(where + ": " + request.function() + " not sent, no connection"));
            return result;
        }
        int xid = nextTransactionId;
        nextTransactionId = nextTransactionId == 0xFFFF ? 1 : nextTransactionId + 1;
        long timeoutMillis = requestTimeout.toMillis();
        ScheduledFuture<?> timer = loop.schedule(() -> {
            Pending p = pending.remove(xid);
            if (p != null) {
                p.result.completeExceptionally(new IsnsException(where + ": " + request.function()
                        + " got no response within " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        pending.put(xid, new Pending(request.function(), result, timer));
        ch.writeAndFlush(request.toMessage(xid)).addListener(f -> {
            if (!f.isSuccess()) {
                Pending p = pending.remove(xid);
                if (p != null) {
                    p.timeout.cancel(false);
                    p.result.completeExceptionally(new IsnsException(where + ": sending " + request.function()
                            + " failed: " + f.cause().getMessage(), f.cause()));
                }
            }
        });
        return result.thenApply(rsp -> {
            if (!rsp.successful()) {
                throw new IsnsException(where + ": " + request.function() + " failed with "
                        + IsnsStatus.describe(rsp.status()));
            }
            return rsp;
        });
    }

    /**
     * Completes the request {@code message} answers.
     *
     * @return false when no request has its transaction id (the caller logs it)
     */
    boolean answer(IsnsMessage message, String where) {
        Pending p = pending.remove(message.transactionId());
        if (p == null) {
            return false;
        }
        p.timeout.cancel(false);
        if (message.function() != p.function) {
            p.result.completeExceptionally(new IsnsFormatException("function id", 2, "response "
                    + message.function() + " to a " + p.function + " request (xid " + message.transactionId() + ")"));
            return true;
        }
        try {
            p.result.complete(IsnsResponse.parse(message));
        } catch (IsnsFormatException e) {
            p.result.completeExceptionally(new IsnsException(where + ": " + e.getMessage(), e));
        }
        return true;
    }

    /** Fails every outstanding request with {@code why} (the connection is unusable). */
    void failAll(String why, Throwable cause) {
        for (Pending p : new ArrayList<>(pending.values())) {
            p.timeout.cancel(false);
            p.result.completeExceptionally(new IsnsException(why, cause));
        }
        pending.clear();
    }
}
