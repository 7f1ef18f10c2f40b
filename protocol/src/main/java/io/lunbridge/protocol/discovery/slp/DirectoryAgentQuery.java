package io.lunbridge.protocol.discovery.slp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One SrvRqst sent to every candidate DA at once (each with its own XID and retransmission
 * schedule), so that dead DAs cost one {@code retryMax} together, not one each, and a DA that the
 * network reports unreachable (ICMP) costs nothing. The first DA that answers without error wins
 * and the others are cancelled; otherwise the query ends when every attempt has ended, with each
 * DA's outcome. Runs on the event loop only.
 */
final class DirectoryAgentQuery {
    private static final Logger LOG = LogManager.getLogger(DirectoryAgentQuery.class);

    /** How one DA's attempt ended. */
    enum Outcome {
        /** A SrvRply without error. */
        ANSWERED,
        /** SCOPE_NOT_SUPPORTED: the DA is alive but does not serve the scope. */
        NOT_SERVING,
        /** Another SLP error, or a broken TCP retry: a clear error. */
        FAILED,
        /** No reply within retryMax. */
        SILENT,
        /** ICMP port or host unreachable, or the request could not be sent. */
        UNREACHABLE
    }

    /**
     * One DA's attempt.
     *
     * @param agent the DA
     * @param outcome how it ended
     * @param reply the SrvRply when {@link Outcome#ANSWERED}
     * @param error why, for the other outcomes (names the DA, the request and the error)
     */
    record Attempt(DirectoryAgent agent, Outcome outcome, Optional<ServiceReply> reply, Optional<SlpException> error) {

        /** A short note for headings, e.g. {@code DA 198.18.4.1:427 unreachable}. */
        String note(String scopes) {
            String da = "DA " + agent.describe();
            switch (outcome) {
                case NOT_SERVING:
                    return da + " does not serve " + scopes;
                case SILENT:
                    return da + " did not answer";
                case UNREACHABLE:
                    return da + " unreachable";
                case FAILED:
                    return da + " failed";
                default:
                    return da + " answered";
            }
        }
    }

    /**
     * The query's end.
     *
     * @param answered the winning attempt, if a DA answered without error
     * @param attempts the attempts that ended before (all of them when none answered), in DA order
     */
    record Result(Optional<Attempt> answered, List<Attempt> attempts) {
    }

    private final SlpNetwork net;
    private final List<DirectoryAgent> agents;
    private final IntFunction<byte[]> requestWithXid;
    private final IntSupplier xids;
    private final long retryMillis;
    private final long retryMaxMillis;
    private final String what;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final List<UnicastExchange> exchanges = new ArrayList<>();
    private final Attempt[] ended;
    private int pending;

    /**
     * @param requestWithXid encodes the SrvRqst with the given XID
     * @param xids hands out the next XID
     * @param what the request, e.g. {@code SrvRqst for service:iscsi:target in scope DEFAULT}
     */
    DirectoryAgentQuery(SlpNetwork net, List<DirectoryAgent> agents, IntFunction<byte[]> requestWithXid,
            IntSupplier xids, long retryMillis, long retryMaxMillis, String what) {
        this.net = net;
        this.agents = List.copyOf(agents);
        this.requestWithXid = requestWithXid;
        this.xids = xids;
        this.retryMillis = retryMillis;
        this.retryMaxMillis = retryMaxMillis;
        this.what = what;
        this.ended = new Attempt[agents.size()];
    }

    /** Sends to every DA (on the loop); the future completes on the loop. */
    CompletableFuture<Result> start() {
        net.loop().execute(() -> {
            pending = agents.size();
            for (int i = 0; i < agents.size(); i++) {
                DirectoryAgent da = agents.get(i);
                int id = xids.getAsInt();
                UnicastExchange exchange = new UnicastExchange(net, da.address(), requestWithXid.apply(id), id,
                        SlpFunction.SRV_RPLY, retryMillis, retryMaxMillis, what + " to SLP DA " + da.describe());
                exchanges.add(exchange);
                int index = i;
                exchange.start().whenComplete((reply, e) -> onEnd(index, classify(da, (ServiceReply) reply, e)));
            }
        });
        return result;
    }

    private Attempt classify(DirectoryAgent da, ServiceReply reply, Throwable e) {
        if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            SlpException error = cause instanceof SlpException ? (SlpException) cause
                    : new SlpException(what + " to SLP DA " + da.describe() + ": " + cause.getMessage(), cause);
            Outcome o = error instanceof SlpUnreachableException ? Outcome.UNREACHABLE
                    : error instanceof SlpTimeoutException ? Outcome.SILENT : Outcome.FAILED;
            return new Attempt(da, o, Optional.empty(), Optional.of(error));
        }
        if (reply.errorCode() == 0) {
            return new Attempt(da, Outcome.ANSWERED, Optional.of(reply), Optional.empty());
        }
        SlpException error = new SlpException("SLP DA " + da.describe() + " answered " + what + " with "
                + SlpError.describe(reply.errorCode()));
        Outcome o = reply.errorCode() == SlpError.SCOPE_NOT_SUPPORTED.code() ? Outcome.NOT_SERVING : Outcome.FAILED;
        return new Attempt(da, o, Optional.empty(), Optional.of(error));
    }

    private void onEnd(int index, Attempt attempt) {
        if (result.isDone()) {
            return;
        }
        pending--;
        ended[index] = attempt;
        if (attempt.outcome() != Outcome.ANSWERED) {
            LOG.warn("{}", attempt.error().map(Throwable::getMessage).orElse(attempt.outcome().toString()));
        }
        if (attempt.outcome() == Outcome.ANSWERED) {
            // completed first, so that the cancelled exchanges' ends (re-entering here) are ignored
            result.complete(new Result(Optional.of(attempt), endedOthers(index)));
            for (int i = 0; i < exchanges.size(); i++) {
                if (ended[i] == null) {
                    exchanges.get(i).cancel("SLP DA " + attempt.agent().describe() + " answered first");
                }
            }
        } else if (pending == 0) {
            result.complete(new Result(Optional.empty(), endedOthers(-1)));
        }
    }

    private List<Attempt> endedOthers(int except) {
        List<Attempt> out = new ArrayList<>();
        for (int i = 0; i < ended.length; i++) {
            if (i != except && ended[i] != null) {
                out.add(ended[i]);
            }
        }
        return out;
    }
}
