package io.lunbridge.protocol.discovery.slp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The AttrRqsts (all attributes) for a list of targets, each to the agent that listed it, with at
 * most {@code window} outstanding: a new one starts when one ends. Sending a thousand at once made
 * slpd drop a fifth of them and cost seconds of retransmissions. A target whose attributes cannot
 * be had (no reply, error, bad list) is kept without attributes and the reason is logged. Runs on
 * the event loop only.
 */
final class AttributeFetcher {
    private static final Logger LOG = LogManager.getLogger(AttributeFetcher.class);

    /** Encodes an AttrRqst for one URL with one XID. */
    @FunctionalInterface
    interface RequestEncoder {
        byte[] encode(String url, int xid);
    }

    private final SlpNetwork net;
    private final RequestEncoder requests;
    private final IntSupplier xids;
    private final long retryMillis;
    private final long retryMaxMillis;
    private final int window;
    private final String scopes;
    private final CompletableFuture<List<SlpTarget>> result = new CompletableFuture<>();
    private List<SlpTarget> targets;
    private SlpTarget[] done;
    private int next;
    private int outstanding;
    private int finished;

    /**
     * @param scopes the scopes as text, for messages
     * @param window the most AttrRqsts outstanding at once (at least 1)
     */
    AttributeFetcher(SlpNetwork net, RequestEncoder requests, IntSupplier xids, long retryMillis, long retryMaxMillis,
            int window, String scopes) {
        this.net = net;
        this.requests = requests;
        this.xids = xids;
        this.retryMillis = retryMillis;
        this.retryMaxMillis = retryMaxMillis;
        this.window = window;
        this.scopes = scopes;
    }

    /** Fetches (on the loop); completes with the targets in the same order, with attributes where had. */
    CompletableFuture<List<SlpTarget>> fetch(List<SlpTarget> list) {
        net.loop().execute(() -> {
            targets = List.copyOf(list);
            done = new SlpTarget[targets.size()];
            if (targets.isEmpty()) {
                result.complete(List.of());
                return;
            }
            fill();
        });
        return result;
    }

    private void fill() {
        while (outstanding < window && next < targets.size()) {
            int index = next++;
            outstanding++;
            attributesOf(targets.get(index)).whenComplete((t, e) -> {
                outstanding--;
                finished++;
                done[index] = t != null ? t : targets.get(index);
                if (finished == targets.size()) {
                    result.complete(new ArrayList<>(Arrays.asList(done)));
                } else {
                    fill();
                }
            });
        }
    }

    private CompletableFuture<SlpTarget> attributesOf(SlpTarget target) {
        int id = xids.getAsInt();
        String url = target.serviceUrl();
        String what = "AttrRqst for " + url + " in " + scopes + " to SLP agent "
                + SlpLookup.endpoint(target.answeredBy());
        return new UnicastExchange(net, target.answeredBy(), requests.encode(url, id), id, SlpFunction.ATTR_RPLY,
                retryMillis, retryMaxMillis, what).start().handle((reply, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        LOG.warn("{}; target kept without attributes", cause.getMessage());
                        return target;
                    }
                    AttributeReply ar = (AttributeReply) reply;
                    if (ar.errorCode() != 0) {
                        LOG.warn("{} answered with {}; target kept without attributes", what,
                                SlpError.describe(ar.errorCode()));
                        return target;
                    }
                    try {
                        return target.withAttributes(IscsiTargetAttributes.parse(ar.attributeList()));
                    } catch (SlpFormatException bad) {
                        LOG.warn("{}: bad attribute list, target kept without attributes: {}", what, bad.getMessage());
                        return target;
                    }
                });
    }
}
