package io.lunbridge.protocol.discovery.slp;

import io.lunbridge.state.StateMachine;
import io.lunbridge.state.Transitions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One unicast request to a DA or SA, with RFC 2608 §6.3 retransmission: the same bytes (same XID)
 * are sent again from a new UDP source port after {@code retry}, then after doubled waits, until
 * {@code retryMax} has passed. A reply is accepted on any of the exchange's ports when it comes
 * from the destination's address, carries the XID and is the expected reply type. A reply with the
 * O flag (complete or truncated) makes the exchange repeat the request, same XID, over TCP to the
 * same address and port, allowed a whole {@code retryMax} of its own. Each transmission's channel
 * is connected to the destination, so an ICMP error (port or host unreachable) or a refused send
 * ends the exchange at once with
 * {@link SlpUnreachableException} instead of retransmitting into the void until {@code retryMax}.
 * Runs on the event loop only.
 */
final class UnicastExchange {
    private static final Logger LOG = LogManager.getLogger(UnicastExchange.class);

    /** The exchange's life: UDP attempts, then possibly one TCP retry. */
    enum State implements Transitions<State> {
        /** Sent over UDP, waiting (and retransmitting). */
        WAITING_UDP,
        /** Overflow seen; waiting for the TCP reply. */
        WAITING_TCP,
        /** Completed or failed. */
        DONE;

        @Override
        public boolean canMoveTo(State next) {
            return (this == WAITING_UDP && next != WAITING_UDP) || (this == WAITING_TCP && next == DONE);
        }
    }

    private final SlpNetwork net;
    private final InetSocketAddress destination;
    private final byte[] request;
    private final int xid;
    private final SlpFunction replyFunction;
    private final long retryMillis;
    private final long retryMaxMillis;
    private final String description;
    private final CompletableFuture<SlpMessage> result = new CompletableFuture<>();
    private final List<Channel> channels = new ArrayList<>();
    private final StateMachine<State> state;
    private long startNanos;
    private long waitMillis;
    private int transmissions;
    private ScheduledFuture<?> timer;

    /**
     * @param description what is asked and of whom, e.g. {@code SrvRqst for service:iscsi:target in
     *     scope DEFAULT to SLP DA 198.18.4.1:427}, for messages
     */
    UnicastExchange(SlpNetwork net, InetSocketAddress destination, byte[] request, int xid,
            SlpFunction replyFunction, long retryMillis, long retryMaxMillis, String description) {
        this.net = net;
        this.destination = destination;
        this.request = request;
        this.xid = xid;
        this.replyFunction = replyFunction;
        this.retryMillis = retryMillis;
        this.retryMaxMillis = retryMaxMillis;
        this.description = description;
        this.state = new StateMachine<>(description + " (xid " + xid + ")", State.WAITING_UDP, LOG, Level.DEBUG);
    }

    /** Starts the exchange (on the loop); the future completes on the loop. */
    CompletableFuture<SlpMessage> start() {
        net.loop().execute(() -> {
            startNanos = System.nanoTime();
            waitMillis = retryMillis;
            transmit();
        });
        return result;
    }

    private void transmit() {
        transmissions++;
        net.openConnectedUdp(destination, this::onDatagram, e -> onNetworkError(e, true)).addListener(f -> {
            if (state.state() != State.WAITING_UDP) {
                if (f.isSuccess()) {
                    ((io.netty.channel.ChannelFuture) f).channel().close();
                }
                return;
            }
            if (!f.isSuccess()) {
                onNetworkError(f.cause(), false);
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            channels.add(ch);
            net.send(ch, request).addListener(s -> {
                if (!s.isSuccess()) {
                    onNetworkError(s.cause(), false);
                }
            });
        });
        long elapsed = elapsedMillis();
        long wait = Math.min(waitMillis, Math.max(1, retryMaxMillis - elapsed));
        timer = net.loop().schedule(this::onTimeout, wait, TimeUnit.MILLISECONDS);
        waitMillis *= 2;
    }

    private void onTimeout() {
        if (state.state() != State.WAITING_UDP) {
            return;
        }
        if (elapsedMillis() >= retryMaxMillis) {
            fail(new SlpTimeoutException(description + ": no reply within " + retryMaxMillis + " ms ("
                    + transmissions + " transmissions of XID " + xid + ")"));
            return;
        }
        transmit();
    }

    /** An error on the network: {@code received} when the channel reported it after sending (ICMP). */
    private void onNetworkError(Throwable cause, boolean received) {
        if (state.state() != State.WAITING_UDP) {
            return;
        }
        fail(new SlpUnreachableException(description + ": " + UnicastFailure.describe(cause, received) + ", after "
                + transmissions + " transmission" + (transmissions == 1 ? "" : "s") + " of XID " + xid, cause));
    }

    private void onDatagram(InetSocketAddress sender, ByteBuf datagram) {
        if (state.state() != State.WAITING_UDP) {
            return;
        }
        if (!sender.getAddress().equals(destination.getAddress())) {
            LOG.debug("{}: ignored a datagram from {}", description, sender);
            return;
        }
        java.util.Optional<SlpDatagram> matched = ReplyFilter.match(description, sender, datagram, xid, replyFunction);
        if (matched.isEmpty()) {
            return;
        }
        SlpDatagram d = matched.get();
        timer.cancel(false);
        closeChannels();
        if (d.retryOverTcp()) {
            state.moveTo(State.WAITING_TCP, "reply overflowed a datagram");
            LOG.info("{}: reply overflowed a datagram ({} bytes announced), retrying XID {} over TCP",
                    description, d.header().length(), xid);
            // the agent answered: its TCP reply gets a whole retryMax, not what the UDP attempts left
            // (80 kB from a loaded agent can take longer than that remainder)
            net.tcpRequest(destination, request, retryMaxMillis).whenComplete((m, e) -> {
                if (e != null) {
                    fail(e instanceof SlpException ? (SlpException) e
                            : new SlpException(description + " over TCP: " + e.getMessage(), e));
                } else if (m.header().xid() != xid || m.header().function() != replyFunction) {
                    fail(new SlpException(description + " over TCP: expected " + replyFunction.rfcName()
                            + " with XID " + xid + ", received " + m.header().function().rfcName() + " with XID "
                            + m.header().xid()));
                } else {
                    state.moveTo(State.DONE, "reply over TCP");
                    result.complete(m);
                }
            });
            return;
        }
        state.moveTo(State.DONE, "reply over UDP");
        result.complete(d.message().orElseThrow());
    }

    /** Stops retransmitting and fails the exchange (another agent answered first); on the loop. */
    void cancel(String why) {
        fail(new SlpException(description + ": cancelled, " + why));
    }

    private void fail(SlpException e) {
        if (state.state() == State.DONE) {
            return;
        }
        state.moveTo(State.DONE, e.getMessage());
        if (timer != null) {
            timer.cancel(false);
        }
        closeChannels();
        result.completeExceptionally(e);
    }

    private void closeChannels() {
        channels.forEach(Channel::close);
        channels.clear();
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
