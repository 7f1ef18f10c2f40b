package io.lunbridge.protocol.discovery.slp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * SLPv2 user agent (RFC 2608) that finds iSCSI targets registered as {@code service:iscsi:target}
 * (RFC 4018), over UDP and TCP on one Netty event loop. All state (XID counter, DA cache, running
 * exchanges) is owned by that loop; public methods hand work to it and return futures completed on
 * it, so callers must not block inside their callbacks.
 *
 * <p>{@link #lookup}:
 * <ol>
 *   <li>DAs: the configured ones; else those already known (from DAAdverts) that serve one of the
 *       scopes; else active DA discovery, a multicast SrvRqst for {@code service:directory-agent}
 *       with convergence that ends {@code daSettle} after the last new DAAdvert, whose DAAdverts
 *       are cached with their boot timestamps.</li>
 *   <li>With DAs: a unicast SrvRqst to every DA at once ({@link DirectoryAgentQuery}), each
 *       retransmitted with the same XID from new source ports (CONFIG_RETRY doubling up to
 *       CONFIG_RETRY_MAX) and given up at once on an ICMP error; the first DA that answers wins.
 *       When none answers, the UA falls back to multicast. A DA's SLP error fails the call with a
 *       message naming the DA, the request and the error, except SCOPE_NOT_SUPPORTED, which gives
 *       no targets (see below).</li>
 *   <li>Without DAs: a multicast SrvRqst with convergence (previous-responder list); every SA
 *       answers with its own URLs and the lists are merged (a URL once).</li>
 *   <li>An overflowing reply (O flag, complete or truncated) is fetched again over TCP, same XID.</li>
 *   <li>Then, if configured, one AttrRqst per URL (all attributes) to the agent that listed it, at
 *       most {@code attributeWindow} outstanding ({@link AttributeFetcher}).</li>
 * </ol>
 * <b>Unknown scopes.</b> By multicast, SAs outside the requested scopes stay silent (RFC 2608
 * §11.1), so an unknown scope cannot be told from a scope without targets. The UA therefore treats
 * a DA's SCOPE_NOT_SUPPORTED the same way: no targets, not an error; the lookup notes which DA does
 * not serve the scope and the UA logs it as a warning.
 *
 * <p>{@link #lookupTarget} narrows the SrvRqst to one target with the predicate
 * {@code (iscsi-name=NAME)} and asks attributes for that target's URLs only. The whole call is
 * bounded by {@link SlpUserAgentConfig#totalTimeout()}. Each new request takes the next XID (a
 * random start, never 0, which unsolicited DAAdverts use).
 */
public final class SlpUserAgent implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(SlpUserAgent.class);
    private static final String DA_TYPE = "service:directory-agent";

    private final SlpUserAgentConfig config;
    private final SlpNetwork net;
    private final DirectoryAgentCache cache;
    private Channel advertListener;
    private int xid;

    private SlpUserAgent(SlpUserAgentConfig config, SlpNetwork net) {
        this.config = config;
        this.net = net;
        this.cache = new DirectoryAgentCache(config.tcpPort());
        this.xid = ThreadLocalRandom.current().nextInt(1, 0x10000);
    }

    /**
     * Starts a user agent: its event loop and, when configured, the listener for unsolicited
     * DAAdverts on UDP {@code multicastGroup}'s port, joined to the group on every multicast
     * interface.
     *
     * @throws SlpException when the listener cannot be bound or joined (names the address)
     * @throws IllegalArgumentException when the listener is asked for without multicast interfaces
     */
    public static SlpUserAgent start(SlpUserAgentConfig config) {
        if (config.listenForAdverts() && config.multicastInterfaces().isEmpty()) {
            throw new IllegalArgumentException("listenForAdverts: needs at least one multicast interface to"
                    + " join " + config.multicastGroup() + " on");
        }
        SlpNetwork net = SlpNetwork.create();
        SlpUserAgent ua = new SlpUserAgent(config, net);
        try {
            if (config.listenForAdverts()) {
                ua.listen();
            }
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return ua;
    }

    private void listen() {
        InetSocketAddress bind = new InetSocketAddress(config.multicastGroup().getPort());
        ChannelFuture f = net.openUdp(bind, null, this::onUnsolicited).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new SlpException("cannot listen for SLP DAAdverts on UDP " + bind + ": " + f.cause().getMessage(),
                    f.cause());
        }
        advertListener = f.channel();
        for (InetAddress via : config.multicastInterfaces()) {
            ChannelFuture join = net.joinGroup(advertListener, config.multicastGroup(), via).awaitUninterruptibly();
            if (!join.isSuccess()) {
                advertListener.close();
                throw new SlpException("cannot join " + config.multicastGroup().getAddress().getHostAddress()
                        + " on the interface of " + via.getHostAddress() + ": " + join.cause().getMessage(),
                        join.cause());
            }
        }
        LOG.info("listening for unsolicited SLP DAAdverts on {} (group {} on {})", bind,
                config.multicastGroup().getAddress().getHostAddress(), config.multicastInterfaces());
    }

    /** The DAs this agent would use now: the configured ones and those learned from DAAdverts. */
    public CompletableFuture<List<DirectoryAgent>> directoryAgents() {
        CompletableFuture<List<DirectoryAgent>> out = new CompletableFuture<>();
        net.loop().execute(() -> {
            List<DirectoryAgent> all = new ArrayList<>(configuredAgents());
            all.addAll(cache.all());
            out.complete(all);
        });
        return out;
    }

    /**
     * Finds {@code service:iscsi:target} services in {@code scopes} matching the LDAPv3
     * {@code predicate} (empty for all); see the class comment for the steps.
     *
     * @return the targets, each URL once; fails with {@link SlpException} (or its
     *     {@link SlpTimeoutException}) naming the agent, request and error
     */
    public CompletableFuture<List<SlpTarget>> findTargets(List<String> scopes, String predicate) {
        return lookup(scopes, predicate).thenApply(SlpLookup::targets);
    }

    /** As {@link #findTargets}, with where the targets came from. */
    public CompletableFuture<SlpLookup> lookup(List<String> scopes, String predicate) {
        return run(scopes, predicate, null);
    }

    /**
     * Finds one target by iSCSI name: the SrvRqst carries the predicate {@code (iscsi-name=NAME)}
     * and only URLs naming that target (compared case-insensitively, in case an agent ignores the
     * predicate) are kept and asked for attributes.
     */
    public CompletableFuture<SlpLookup> lookupTarget(List<String> scopes, String iscsiName) {
        return run(scopes, SlpPredicate.equalTo("iscsi-name", iscsiName), iscsiName);
    }

    private CompletableFuture<SlpLookup> run(List<String> scopes, String predicate, String onlyName) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes: expected at least one scope, such as DEFAULT");
        }
        List<String> scopeList = List.copyOf(scopes);
        CompletableFuture<SlpLookup> out = new CompletableFuture<>();
        net.loop().execute(() -> {
            String what = "SLP discovery of " + IscsiTargetUrl.SERVICE_TYPE + " in " + scopeText(scopeList);
            var timer = net.loop().schedule(() -> out.completeExceptionally(new SlpTimeoutException(what
                    + " did not finish within " + config.totalTimeout().toMillis() + " ms")),
                    config.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
            agentsFor(scopeList)
                    .thenCompose(das -> das.isEmpty() ? viaMulticast(scopeList, predicate, List.of())
                            : viaDirectoryAgents(das, scopeList, predicate))
                    .thenApply(found -> onlyName == null ? found : named(found, onlyName))
                    .thenCompose(found -> withAttributes(found, scopeList))
                    .whenComplete((found, e) -> {
                        timer.cancel(false);
                        if (e != null) {
                            out.completeExceptionally(unwrap(e));
                        } else {
                            out.complete(found);
                        }
                    });
        });
        return out;
    }

    private static SlpLookup named(SlpLookup found, String name) {
        List<SlpTarget> keep = new ArrayList<>();
        for (SlpTarget t : found.targets()) {
            if (t.url().name().value().equalsIgnoreCase(name)) {
                keep.add(t);
            } else {
                LOG.debug("SLP: {} does not name {}, skipped", t.serviceUrl(), name);
            }
        }
        return new SlpLookup(keep, found.via(), found.agents(), found.notes());
    }

    /**
     * Active DA discovery (multicast SrvRqst for {@code service:directory-agent} with
     * convergence); the DAAdverts update the cache. Completes with the known DAs serving
     * {@code scopes}.
     */
    public CompletableFuture<List<DirectoryAgent>> discoverDirectoryAgents(List<String> scopes) {
        List<String> scopeList = List.copyOf(scopes);
        CompletableFuture<List<DirectoryAgent>> out = new CompletableFuture<>();
        net.loop().execute(() -> discover(scopeList).whenComplete((das, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
            } else {
                out.complete(das);
            }
        }));
        return out;
    }

    // ------------------------------------------------------------------ DAs

    private List<DirectoryAgent> configuredAgents() {
        List<DirectoryAgent> out = new ArrayList<>();
        for (InetSocketAddress a : config.directoryAgents()) {
            out.add(new DirectoryAgent(a, OptionalLong.empty(), List.of()));
        }
        return out;
    }

    private CompletableFuture<List<DirectoryAgent>> agentsFor(List<String> scopes) {
        if (!config.directoryAgents().isEmpty()) {
            return CompletableFuture.completedFuture(configuredAgents());
        }
        List<DirectoryAgent> known = cache.serving(scopes);
        if (!known.isEmpty()) {
            return CompletableFuture.completedFuture(known);
        }
        return discover(scopes);
    }

    private CompletableFuture<List<DirectoryAgent>> discover(List<String> scopes) {
        int id = nextXid();
        String what = "multicast SrvRqst for " + DA_TYPE + " in " + scopeText(scopes);
        MulticastConvergence mc = new MulticastConvergence(net, config.multicastInterfaces(), config.multicastGroup(),
                (pr, multicast) -> SlpEncoder.encode(new ServiceRequest(header(SlpFunction.SRV_RQST, id, multicast), pr,
                        DA_TYPE, scopes, "", "")),
                id, SlpFunction.DA_ADVERT, config.multicastRetry().toMillis(), config.multicastMax().toMillis(),
                config.daSettle().toMillis(), config.tcpPort(), what);
        return mc.start().thenApply(responses -> {
            for (SlpResponse r : responses) {
                if (r.message() instanceof DirectoryAgentAdvert) {
                    cache.learn((DirectoryAgentAdvert) r.message(), r.sender().getAddress(), "in reply to DA discovery");
                }
            }
            List<DirectoryAgent> das = cache.serving(scopes);
            LOG.info("SLP DA discovery in {}: {}", scopeText(scopes), das.isEmpty() ? "no DA answered" : das);
            return das;
        });
    }

    private void onUnsolicited(InetSocketAddress sender, ByteBuf datagram) {
        SlpDatagram d;
        try {
            d = SlpDecoder.decodeDatagram(datagram);
        } catch (SlpFormatException e) {
            LOG.debug("ignored a datagram from {} on the SLP port: {}", sender, e.getMessage());
            return;
        }
        if (d.message().isPresent() && d.message().get() instanceof DirectoryAgentAdvert) {
            cache.learn((DirectoryAgentAdvert) d.message().get(), sender.getAddress(), "unsolicited");
        }
    }

    // ------------------------------------------------------------------ services

    private CompletableFuture<SlpLookup> viaDirectoryAgents(List<DirectoryAgent> das, List<String> scopes,
            String predicate) {
        String what = "SrvRqst for " + IscsiTargetUrl.SERVICE_TYPE + " in " + scopeText(scopes);
        DirectoryAgentQuery query = new DirectoryAgentQuery(net, das,
                id -> SlpEncoder.encode(new ServiceRequest(header(SlpFunction.SRV_RQST, id, false), List.of(),
                        IscsiTargetUrl.SERVICE_TYPE, scopes, predicate, "")),
                this::nextXid, config.retry().toMillis(), config.retryMax().toMillis(), what);
        return query.start().thenCompose(result -> {
            List<String> notes = new ArrayList<>();
            result.attempts().forEach(a -> notes.add(a.note(scopeText(scopes))));
            if (result.answered().isPresent()) {
                DirectoryAgent da = result.answered().get().agent();
                Map<String, SlpTarget> targets = new LinkedHashMap<>();
                addTargets(targets, result.answered().get().reply().orElseThrow(), da.address(), "DA " + da.describe());
                return CompletableFuture.completedFuture(new SlpLookup(List.copyOf(targets.values()),
                        SlpLookup.Via.DIRECTORY_AGENT, List.of(da.address()), notes));
            }
            List<DirectoryAgentQuery.Attempt> attempts = result.attempts();
            List<InetSocketAddress> notServing = attempts.stream()
                    .filter(a -> a.outcome() == DirectoryAgentQuery.Outcome.NOT_SERVING)
                    .map(a -> a.agent().address()).collect(Collectors.toList());
            if (!notServing.isEmpty()) {
                LOG.warn("SLP: {}; no targets (an unknown scope gives no targets, as by multicast)",
                        String.join("; ", notes));
                return CompletableFuture.completedFuture(new SlpLookup(List.of(), SlpLookup.Via.DIRECTORY_AGENT,
                        notServing, notes));
            }
            Optional<SlpException> failed = attempts.stream()
                    .filter(a -> a.outcome() == DirectoryAgentQuery.Outcome.FAILED)
                    .map(a -> a.error().orElseThrow()).findFirst();
            if (failed.isPresent()) {
                return CompletableFuture.<SlpLookup>failedFuture(failed.get());
            }
            LOG.warn("no SLP DA of {} answered ({}); falling back to multicast convergence", das,
                    String.join("; ", notes));
            // Silence from every DA must not look like "no targets": fail unless multicast found some.
            return viaMulticast(scopes, predicate, notes).thenCompose(found -> found.targets().isEmpty()
                    ? CompletableFuture.<SlpLookup>failedFuture(new SlpException("no SLP directory agent answered "
                            + what + " (" + String.join("; ", notes) + "), and multicast convergence found no"
                            + " service agent"))
                    : CompletableFuture.completedFuture(found));
        });
    }

    private CompletableFuture<SlpLookup> viaMulticast(List<String> scopes, String predicate, List<String> notes) {
        int id = nextXid();
        String what = "multicast SrvRqst for " + IscsiTargetUrl.SERVICE_TYPE + " in " + scopeText(scopes);
        MulticastConvergence mc = new MulticastConvergence(net, config.multicastInterfaces(), config.multicastGroup(),
                (pr, multicast) -> SlpEncoder.encode(new ServiceRequest(header(SlpFunction.SRV_RQST, id, multicast), pr,
                        IscsiTargetUrl.SERVICE_TYPE, scopes, predicate, "")),
                id, SlpFunction.SRV_RPLY, config.multicastRetry().toMillis(), config.multicastMax().toMillis(), 0,
                config.tcpPort(), what);
        return mc.start().thenApply(responses -> {
            Map<String, SlpTarget> targets = new LinkedHashMap<>();
            List<InetSocketAddress> agents = new ArrayList<>();
            for (SlpResponse r : responses) {
                addTargets(targets, (ServiceReply) r.message(), r.sender(), "SA " + r.sender());
                agents.add(r.sender());
            }
            LOG.info("{}: {} targets from {} SAs", what, targets.size(), responses.size());
            return new SlpLookup(List.copyOf(targets.values()), SlpLookup.Via.MULTICAST, agents, notes);
        });
    }

    private static void addTargets(Map<String, SlpTarget> into, ServiceReply reply, InetSocketAddress from,
            String agent) {
        for (UrlEntry e : reply.urls()) {
            try {
                IscsiTargetUrl url = IscsiTargetUrl.parse(e.url());
                into.putIfAbsent(e.url().toLowerCase(java.util.Locale.ROOT),
                        new SlpTarget(e.url(), url, e.lifetime(), from, Optional.empty()));
            } catch (IllegalArgumentException bad) {
                LOG.warn("SLP {} listed an unusable URL, skipped: {}", agent, bad.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ attributes

    private CompletableFuture<SlpLookup> withAttributes(SlpLookup found, List<String> scopes) {
        if (!config.fetchAttributes() || found.targets().isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        AttributeFetcher fetcher = new AttributeFetcher(net,
                (url, id) -> SlpEncoder.encode(new AttributeRequest(header(SlpFunction.ATTR_RQST, id, false), List.of(),
                        url, scopes, List.of(), "")),
                this::nextXid, config.retry().toMillis(), config.retryMax().toMillis(), config.attributeWindow(),
                scopeText(scopes));
        return fetcher.fetch(found.targets())
                .thenApply(targets -> new SlpLookup(targets, found.via(), found.agents(), found.notes()));
    }

    // ------------------------------------------------------------------ helpers

    private SlpHeader header(SlpFunction f, int id, boolean multicast) {
        return SlpHeader.of(f, id, config.languageTag(), multicast);
    }

    private int nextXid() {
        int id = xid;
        xid = (xid + 1) & 0xFFFF;
        if (xid == 0) {
            xid = 1;
        }
        return id;
    }

    private static String scopeText(List<String> scopes) {
        return (scopes.size() == 1 ? "scope " : "scopes ") + String.join(",", scopes);
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Stops the listener and the event loop; running calls fail. */
    @Override
    public void close() {
        if (advertListener != null) {
            advertListener.close().awaitUninterruptibly();
        }
        net.close();
    }
}
