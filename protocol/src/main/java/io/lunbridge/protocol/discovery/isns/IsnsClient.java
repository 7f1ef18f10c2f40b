package io.lunbridge.protocol.discovery.isns;

import io.lunbridge.state.StateMachine;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * iSNS client for an iSCSI initiator (RFC 4171).
 *
 * <p>{@link #start()} connects to the first reachable server of the configured list (each failure
 * is logged with the server's address), registers the initiator's entity, portal and node
 * (DevAttrReg, replacing a stale registration), registers for state change notifications (SCNReg)
 * and queries the targets visible through the node's discovery domains (DevAttrQry). The
 * registration is refreshed at 2/3 of the period the server grants. The server delivers SCNs and
 * ESIs by connecting to the registered portal (local address of the server connection, SCN/ESI
 * port = this client's listening port); each SCN is answered and triggers a re-query, and the
 * listeners are told when the visible targets changed. ESIs are answered. A lost connection or
 * timed-out request moves on to the next server and registers again. {@link #close()}
 * deregisters the entity (DevDereg).
 *
 * <p>All state lives on one event loop and is touched only there; no locks. Public methods may
 * be called from any thread. The sockets are made by {@link IsnsChannels}, the messages arriving
 * handled by {@link IsnsInbound}, the outstanding requests kept by {@link IsnsPendingRequests}.
 */
public final class IsnsClient implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(IsnsClient.class);

    private final IsnsClientConfig config;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final List<IsnsTargetsListener> listeners = new CopyOnWriteArrayList<>();

    // Everything below is owned by the event loop.
    private final IsnsPendingRequests pending;
    private final IsnsChannels channels;
    private final StateMachine<IsnsClientState> state = new StateMachine<>("iSNS client", IsnsClientState.NEW, LOG);
    private Channel listener;
    private Channel server;
    private InetSocketAddress serverAddress;
    private int serverIndex;
    private ScheduledFuture<?> refreshTimer;
    private volatile int refreshes;
    private volatile int esiAnswered;
    private boolean queryRunning;
    private boolean queryAgain;
    private volatile List<IsnsTarget> targets = List.of();
    private final IsnsInbound.Client inbound = new IsnsInbound.Client() {
        @Override
        public boolean isCurrentServer(Channel ch) {
            return ch == server;
        }

        @Override
        public boolean registered() {
            return state.state() == IsnsClientState.REGISTERED;
        }

        @Override
        public String describeServer() {
            return IsnsClient.this.describeServer();
        }

        @Override
        public IsnsPendingRequests pending() {
            return pending;
        }

        @Override
        public void scnReceived() {
            requery();
        }

        @Override
        public void esiAnswered() {
            esiAnswered++;
        }

        @Override
        public void serverLost(Channel ch, String reason) {
            failover(ch, reason);
        }
    };

    public IsnsClient(IsnsClientConfig config) {
        this.config = config;
        this.pending = new IsnsPendingRequests(loop, config.requestTimeout());
        this.channels = new IsnsChannels(group, addr -> new IsnsInbound(inbound, addr));
    }

    /** Adds a listener told about every change of the visible targets after start. */
    public void addListener(IsnsTargetsListener l) {
        listeners.add(l);
    }

    /** The targets of the last successful query. */
    public List<IsnsTarget> targets() {
        return targets;
    }

    /**
     * Starts listening for SCN/ESI, connects with failover, registers and queries.
     *
     * @return the visible targets, or an {@link IsnsException} naming every server that failed
     */
    public CompletableFuture<List<IsnsTarget>> start() {
        return start(false);
    }

    /**
     * As {@link #start()}; with {@code keepTrying}, a first round in which no server could be used
     * still fails the returned future (so the caller can say so), but the client goes on trying the
     * servers in turn every reconnect delay until one registers; the listeners then hear of the
     * targets it shows. A failure to listen for SCN/ESI is final either way.
     */
    public CompletableFuture<List<IsnsTarget>> start(boolean keepTrying) {
        CompletableFuture<List<IsnsTarget>> result = new CompletableFuture<>();
        loop.execute(() -> {
            transition(IsnsClientState.CONNECTING, "start");
            bindListener().thenCompose(ignored -> connectAndRegister(0, new ArrayList<>()).whenComplete((t, e) -> {
                if (e != null && keepTrying && state.state() == IsnsClientState.CONNECTING) {
                    LOG.warn("no iSNS server usable at start; trying again every {} ms", config.reconnectDelay().toMillis());
                    failoverLater();
                }
            })).whenComplete((t, e) -> IsnsFutures.complete(result, t, e));
        });
        return result;
    }

    /** Queries the visible targets now (DevAttrQry) on the current server connection. */
    public CompletableFuture<List<IsnsTarget>> queryTargets() {
        CompletableFuture<List<IsnsTarget>> result = new CompletableFuture<>();
        loop.execute(() -> query().whenComplete((t, e) -> IsnsFutures.complete(result, t, e)));
        return result;
    }

    /** How many registration refreshes the server has accepted (for status output and tests). */
    public int refreshCount() {
        return refreshes;
    }

    /** How many ESI (entity status inquiry) messages this client has answered. */
    public int esiCount() {
        return esiAnswered;
    }

    /** The address of the server currently used (null before the first connection). */
    public InetSocketAddress currentServer() {
        return inLoop(() -> serverAddress);
    }

    /** The port this client listens on for SCN and ESI connections (0 before start). */
    public int listenPort() {
        return inLoop(() -> listener == null ? 0 : ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /** Deregisters the entity (DevDereg, bounded by the request timeout) and releases everything. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("IsnsClient.close() blocks until DevDereg is done: call it from another "
                    + "thread than the client's event loop (e.g. whenCompleteAsync)");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            IsnsClientState before = state.state();
            transition(IsnsClientState.CLOSED, "close");
            cancelRefresh();
            CompletableFuture<?> dereg = before == IsnsClientState.REGISTERED && server != null
                    ? send(IsnsMessages.devDereg(config.node())).handle((r, e) -> {
                        if (e != null) {
                            LOG.warn("{}: DevDereg on close failed: {}", describeServer(), IsnsFutures.unwrap(e).getMessage());
                        } else {
                            LOG.info("{}: entity {} deregistered", describeServer(), config.node().entityId());
                        }
                        return null;
                    })
                    : CompletableFuture.completedFuture(null);
            dereg.whenComplete((r, e) -> {
                if (server != null) {
                    server.close();
                }
                if (listener != null) {
                    listener.close();
                }
                done.complete(null);
            });
        });
        done.join();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- event loop only below ----

    private void transition(IsnsClientState to, String reason) {
        if (state.is(to) && to != IsnsClientState.CONNECTING) {
            return;
        }
        state.moveTo(to, reason);
    }

    private CompletableFuture<Void> bindListener() {
        return channels.listen(new InetSocketAddress(config.listenAddress(), 0)).thenAccept(ch -> listener = ch);
    }

    /** Tries servers from {@code index} on; on the first that registers and answers, done. */
    private CompletableFuture<List<IsnsTarget>> connectAndRegister(int index, List<String> failures) {
        List<InetSocketAddress> servers = config.servers();
        if (failures.size() >= servers.size()) {
            return CompletableFuture.failedFuture(new IsnsException("no iSNS server usable: " + String.join("; ", failures)));
        }
        int i = index % servers.size();
        InetSocketAddress addr = servers.get(i);
        return channels.connect(addr, config.connectTimeout()).thenCompose(ch -> {
            server = ch;
            serverAddress = addr;
            serverIndex = i;
            return register();
        }).handle((t, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(t);
            }
            Throwable cause = IsnsFutures.unwrap(e);
            String failure = cause.getMessage();
            LOG.warn("iSNS server #{} {} failed, trying the next one: {}", i + 1, IsnsFutures.describe(addr), failure);
            failures.add(failure);
            if (server != null && addr.equals(serverAddress)) {
                Channel old = server;
                server = null;
                old.close();
            }
            if (state.state() == IsnsClientState.CLOSED) {
                return CompletableFuture.<List<IsnsTarget>>failedFuture(cause);
            }
            return connectAndRegister(i + 1, failures);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<List<IsnsTarget>> register() {
        InetAddress local = ((InetSocketAddress) server.localAddress()).getAddress();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        IsnsNode node = config.node();
        return send(IsnsMessages.devAttrReg(node, local, port, config.esiIntervalSeconds(), true)).thenCompose(rsp -> {
            long period = IsnsMessages.grantedRegistrationPeriod(rsp);
            if (period == 0) {
                period = node.registrationPeriodSeconds();
            }
            LOG.info("{}: registered {} (entity {}, portal {}:{}), registration period {} s", describeServer(),
                    node.iscsiName(), node.entityId(), local.getHostAddress(), port, period);
            scheduleRefresh(period);
            return send(IsnsMessages.scnReg(node, IsnsMessages.INITIATOR_SCN_BITMAP));
        }).thenCompose(rsp -> {
            transition(IsnsClientState.REGISTERED, "registered with " + describeServer());
            return query();
        });
    }

    private void scheduleRefresh(long periodSeconds) {
        cancelRefresh();
        if (periodSeconds <= 0) {
            return;
        }
        long delayMillis = periodSeconds * 2000 / 3;
        Channel ch = server;
        refreshTimer = loop.schedule(() -> {
            if (state.state() != IsnsClientState.REGISTERED || server != ch) {
                return;
            }
            send(IsnsMessages.refresh(config.node(), periodSeconds)).whenComplete((rsp, e) -> {
                if (e != null) {
                    LOG.warn("{}: registration refresh failed: {}", describeServer(), IsnsFutures.unwrap(e).getMessage());
                    failover(ch, "registration refresh failed");
                } else {
                    long granted = IsnsMessages.grantedRegistrationPeriod(rsp);
                    LOG.debug("{}: registration refreshed", describeServer());
                    refreshes++;
                    scheduleRefresh(granted > 0 ? granted : periodSeconds);
                }
            });
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelRefresh() {
        if (refreshTimer != null) {
            refreshTimer.cancel(false);
            refreshTimer = null;
        }
    }

    /** Sends a request on the current server connection and completes with its successful response. */
    private CompletableFuture<IsnsResponse> send(IsnsRequest request) {
        return pending.send(server, request, describeServer());
    }

    private CompletableFuture<List<IsnsTarget>> query() {
        return send(IsnsMessages.queryTargets(config.node())).thenApply(rsp -> {
            List<IsnsTarget> found = IsnsTargetParser.parse(rsp.operating());
            LOG.info("{}: {} target(s) visible: {}", describeServer(), found.size(),
                    found.stream().map(IsnsTarget::name).toList());
            List<IsnsTarget> before = targets;
            targets = List.copyOf(found);
            if (!before.equals(found) && state.state() == IsnsClientState.REGISTERED) {
                for (IsnsTargetsListener l : listeners) {
                    l.onTargetsChanged(targets);
                }
            }
            return targets;
        });
    }

    /** Re-queries after an SCN; SCNs arriving during a query cause exactly one more query. */
    private void requery() {
        if (state.state() != IsnsClientState.REGISTERED) {
            return;
        }
        if (queryRunning) {
            queryAgain = true;
            return;
        }
        queryRunning = true;
        query().whenComplete((t, e) -> {
            queryRunning = false;
            if (e != null) {
                LOG.warn("{}: re-query after SCN failed: {}", describeServer(), IsnsFutures.unwrap(e).getMessage());
            }
            if (queryAgain) {
                queryAgain = false;
                requery();
            }
        });
    }

    /** The server connection {@code ch} is unusable: register with the next server. */
    private void failover(Channel ch, String reason) {
        if (state.state() == IsnsClientState.CLOSED || ch != server) {
            return;
        }
        cancelRefresh();
        server = null;
        ch.close();
        transition(IsnsClientState.CONNECTING, describeServer() + " " + reason);
        int next = serverIndex + 1;
        loop.schedule(() -> connectAndRegister(next, new ArrayList<>()).whenComplete((t, e) -> {
            if (e != null && state.state() != IsnsClientState.CLOSED) {
                LOG.error("iSNS client lost every server: {}", IsnsFutures.unwrap(e).getMessage());
                failoverLater();
            }
        }), config.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void failoverLater() {
        loop.schedule(() -> {
            if (state.state() == IsnsClientState.CONNECTING && server == null) {
                connectAndRegister(serverIndex + 1, new ArrayList<>()).whenComplete((t, e) -> {
                    if (e != null && state.state() != IsnsClientState.CLOSED) {
                        failoverLater();
                    }
                });
            }
        }, config.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String describeServer() {
        return serverAddress == null ? "iSNS server (none)" : "iSNS server " + IsnsFutures.describe(serverAddress);
    }

    private <T> T inLoop(java.util.concurrent.Callable<T> c) {
        try {
            if (loop.inEventLoop()) {
                return c.call();
            }
            return loop.submit(c).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IsnsException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IsnsException(e.getCause().getMessage(), e.getCause());
        } catch (IsnsException e) {
            throw e;
        } catch (Exception e) {
            throw new IsnsException(String.valueOf(e.getMessage()), e);
        }
    }
}
