package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One multicast request with RFC 2608 §6.3 convergence. The request goes to the SLP group on each
 * configured interface, from a new UDP port each time, with one XID. Every wait period collects
 * unicast replies (one per responder address; later duplicates are ignored); then the request is
 * sent again with the responders so far in the previous-responder list (dotted quads, in arrival
 * order), so that they stay silent. The periods start at {@code retry} and double. Convergence ends
 * after a period without a new reply, but not before two periods have passed (as libslp does), or
 * when {@code multicastMax} has passed, or when the list would not fit an MTU-sized request.
 * With a settle time (DA discovery), convergence instead ends once that long has passed after the
 * last new reply, without further retransmissions once a reply came: RFC 2608 §12.2.1 lets a UA
 * stop DA discovery once a DA answered, and DAs answer at once, so waiting out the periods would
 * only delay the request to the DA.
 * Replies with an error code are ignored (openslp never sends them to multicast). A reply with the
 * O flag is fetched again over TCP from its sender. Runs on the event loop only.
 */
final class MulticastConvergence {
    private static final Logger LOG = LogManager.getLogger(MulticastConvergence.class);
    /** openslp's net.slp.MTU: requests larger than this are not sent. */
    private static final int MTU = 1400;

    /** Encodes the request with the same XID, a previous-responder list and the R flag when multicast. */
    @FunctionalInterface
    interface RequestEncoder {
        byte[] encode(List<String> previousResponders, boolean multicast);
    }

    /** Convergence's life. */
    enum State implements Transitions<State> {
        /** Sending and collecting replies. */
        COLLECTING,
        /** No more sends; waiting for TCP retries of overflowed replies. */
        DRAINING,
        /** Completed. */
        DONE;

        /** Forward only. */
        @Override
        public boolean canMoveTo(State next) {
            return next.ordinal() > ordinal();
        }
    }

    private final SlpNetwork net;
    private final List<InetAddress> interfaces;
    private final InetSocketAddress group;
    private final RequestEncoder requestWithPrList;
    private final int xid;
    private final SlpFunction replyFunction;
    private final long retryMillis;
    private final long maxMillis;
    private final long settleMillis;
    private final int tcpPort;
    private final String description;
    private final CompletableFuture<List<SlpResponse>> result = new CompletableFuture<>();
    private final List<String> responders = new ArrayList<>();
    private final List<SlpResponse> responses = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final StateMachine<State> state;
    private long startNanos;
    private long waitMillis;
    private int periods;
    private boolean newReplyThisPeriod;
    private int pendingTcp;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> settleTimer;

    /**
     * @param requestWithPrList encodes the request (fixed XID) with a previous-responder list
     * @param settleMillis end this long after the last new reply; 0 to wait out the periods
     * @param description what is asked, e.g. {@code multicast SrvRqst for service:directory-agent}
     */
    MulticastConvergence(SlpNetwork net, List<InetAddress> interfaces, InetSocketAddress group,
            RequestEncoder requestWithPrList, int xid, SlpFunction replyFunction,
            long retryMillis, long maxMillis, long settleMillis, int tcpPort, String description) {
        this.net = net;
        this.interfaces = interfaces;
        this.group = group;
        this.requestWithPrList = requestWithPrList;
        this.xid = xid;
        this.replyFunction = replyFunction;
        this.retryMillis = retryMillis;
        this.maxMillis = maxMillis;
        this.settleMillis = settleMillis;
        this.tcpPort = tcpPort;
        this.description = description;
        this.state = new StateMachine<>(description + " (xid " + xid + ")", State.COLLECTING, LOG, Level.DEBUG);
    }

    /** Starts convergence; the future completes on the loop with the replies in arrival order. */
    CompletableFuture<List<SlpResponse>> start() {
        net.loop().execute(() -> {
            startNanos = System.nanoTime();
            waitMillis = retryMillis;
            transmit();
        });
        return result;
    }

    private void moveTo(State next) {
        state.moveTo(next, "after " + periods + " periods, responders " + responders);
    }

    private void transmit() {
        byte[] request = requestWithPrList.encode(List.copyOf(responders), true);
        if (request.length > MTU) {
            LOG.info("{}: previous-responder list no longer fits {} bytes; stopping with {} responders",
                    description, MTU, responders.size());
            finishCollecting();
            return;
        }
        periods++;
        newReplyThisPeriod = false;
        List<InetAddress> via = interfaces.isEmpty() ? java.util.Collections.singletonList(null) : interfaces;
        for (InetAddress local : via) {
            InetSocketAddress bind = local == null ? new InetSocketAddress(0) : new InetSocketAddress(local, 0);
            ChannelFuture open = net.openUdp(bind, local, this::onDatagram);
            open.addListener(f -> {
                if (!f.isSuccess()) {
                    LOG.warn("{}: cannot open a UDP socket on {}: {}", description, bind, f.cause().getMessage());
                    return;
                }
                if (state.state() != State.COLLECTING) {
                    open.channel().close();
                    return;
                }
                channels.add(open.channel());
                net.send(open.channel(), request, group).addListener(s -> {
                    if (!s.isSuccess()) {
                        LOG.warn("{}: cannot multicast from {}: {}", description, bind, s.cause().getMessage());
                    }
                });
            });
        }
        long wait = Math.min(waitMillis, Math.max(1, maxMillis - elapsedMillis()));
        waitMillis *= 2;
        timer = net.loop().schedule(this::onPeriodEnd, wait, TimeUnit.MILLISECONDS);
    }

    private void onPeriodEnd() {
        if (state.state() != State.COLLECTING) {
            return;
        }
        if (settleMillis > 0 && !responders.isEmpty()) {
            return; // a reply came: the settle timer ends convergence, no retransmission
        }
        boolean quiet = !newReplyThisPeriod && periods >= 2;
        if (quiet || elapsedMillis() >= maxMillis) {
            finishCollecting();
        } else {
            transmit();
        }
    }

    private void onDatagram(InetSocketAddress sender, ByteBuf datagram) {
        if (state.state() != State.COLLECTING) {
            return;
        }
        java.util.Optional<SlpDatagram> matched = ReplyFilter.match(description, sender, datagram, xid, replyFunction);
        if (matched.isEmpty()) {
            return;
        }
        SlpDatagram d = matched.get();
        String address = sender.getAddress().getHostAddress();
        if (responders.contains(address)) {
            return;
        }
        if (d.message().isPresent() && errorCode(d.message().get()) != 0) {
            LOG.info("{}: ignored error {} from {} (not expected for multicast)", description,
                    SlpError.describe(errorCode(d.message().get())), sender);
            return;
        }
        responders.add(address);
        newReplyThisPeriod = true;
        settleAfterThisReply();
        if (!d.retryOverTcp()) {
            responses.add(new SlpResponse(sender, d.message().orElseThrow()));
            return;
        }
        pendingTcp++;
        InetSocketAddress tcp = new InetSocketAddress(sender.getAddress(), tcpPort);
        LOG.info("{}: reply from {} overflowed, retrying XID {} over TCP", description, sender, xid);
        byte[] unicast = requestWithPrList.encode(List.of(), false);
        net.tcpRequest(tcp, unicast, Math.max(retryMillis, maxMillis)).whenComplete((m, e) -> {
            pendingTcp--;
            if (e != null) {
                LOG.warn("{}: TCP retry to {} failed: {}", description, tcp, e.getMessage());
            } else if (m.header().xid() == xid && m.header().function() == replyFunction && errorCode(m) == 0) {
                responses.add(new SlpResponse(tcp, m));
            }
            if (state.state() == State.DRAINING && pendingTcp == 0) {
                complete();
            }
        });
    }

    private void settleAfterThisReply() {
        if (settleMillis <= 0) {
            return;
        }
        if (settleTimer != null) {
            settleTimer.cancel(false);
        }
        settleTimer = net.loop().schedule(() -> {
            if (state.state() == State.COLLECTING) {
                LOG.info("{}: no new reply within {} ms of the last one; ending with {} responders after {} ms",
                        description, settleMillis, responders.size(), elapsedMillis());
                finishCollecting();
            }
        }, settleMillis, TimeUnit.MILLISECONDS);
    }

    private void finishCollecting() {
        moveTo(State.DRAINING);
        if (timer != null) {
            timer.cancel(false);
        }
        if (settleTimer != null) {
            settleTimer.cancel(false);
        }
        channels.forEach(Channel::close);
        channels.clear();
        if (pendingTcp == 0) {
            complete();
        }
    }

    private void complete() {
        moveTo(State.DONE);
        LOG.debug("{}: {} replies from {} after {} periods", description, responses.size(), responders, periods);
        result.complete(List.copyOf(responses));
    }

    static int errorCode(SlpMessage m) {
        if (m instanceof ServiceReply) {
            return ((ServiceReply) m).errorCode();
        }
        if (m instanceof AttributeReply) {
            return ((AttributeReply) m).errorCode();
        }
        if (m instanceof DirectoryAgentAdvert) {
            return ((DirectoryAgentAdvert) m).errorCode();
        }
        if (m instanceof ServiceTypeReply) {
            return ((ServiceTypeReply) m).errorCode();
        }
        return 0;
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
