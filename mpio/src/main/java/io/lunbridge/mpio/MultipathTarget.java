package io.lunbridge.mpio;

import io.lunbridge.protocol.lu.LogicalUnit;
import io.lunbridge.protocol.lu.LunDirectory;
import io.lunbridge.protocol.lu.LunInfo;
import io.lunbridge.protocol.pdu.PduCounters;
import io.lunbridge.protocol.scsi.Lun;
import io.lunbridge.protocol.session.Session;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A target over all its paths: one {@link Nexus} per {@link PathEndpoint}, the LUNs found through
 * each grouped into one {@link MultipathDevice} per LUN identity (VPD 0x83, cross-checked with the
 * capacity and block size), and the life of the paths: reinstatement after a re-login (identity
 * checked again, a path whose identity or geometry changed is disabled) and the path checker.
 * Everything runs on one event loop, the one all its sessions use.
 */
public final class MultipathTarget implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(MultipathTarget.class);

    private final String target;
    private final EventLoop loop;
    private final MpioSettings settings;
    private final LongSupplier clock;
    private final Optional<Integer> onlyLun;
    private final List<Nexus> nexuses = new ArrayList<>();
    private final Map<String, MultipathDevice> devices = new LinkedHashMap<>();
    private final PathChecker checker;
    private final Function<Lun, String> naming;
    /** What the first path's REPORT LUNS returned (for messages). */
    private final List<Lun> reported = new ArrayList<>();

    private MultipathTarget(String target, EventLoop loop, MpioSettings settings, LongSupplier clock,
                            Optional<Integer> onlyLun, Function<Lun, String> naming) {
        this.target = target;
        this.loop = loop;
        this.settings = settings;
        this.clock = clock;
        this.onlyLun = onlyLun;
        this.naming = naming;
        this.checker = new PathChecker(loop, settings, clock, devices::values, this::refreshAlua);
    }

    /**
     * Logs in over every endpoint (at the same time), opens the disk LUNs found and groups them.
     * Completes once every first login ended and at least one path carries each device; fails when
     * no path could log in (naming every path and its error) or no disk LUN was found.
     *
     * @param login opens the session of one endpoint on the given loop, counting its PDUs in the given counters
     * @param isid the ISID of an endpoint's nexus (for status)
     * @param naming the device (export) name of a LUN as first seen
     */
    public static CompletableFuture<MultipathTarget> open(String target, List<PathEndpoint> endpoints,
                                                          EventLoop loop, PathLogin login,
                                                          Function<PathEndpoint, Long> isid, MpioSettings settings,
                                                          Optional<Integer> onlyLun, Function<Lun, String> naming) {
        if (endpoints.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("target " + target + ": no path given"));
        }
        MultipathTarget t = new MultipathTarget(target, loop, settings, System::nanoTime, onlyLun, naming);
        CompletableFuture<MultipathTarget> result = new CompletableFuture<>();
        loop.execute(() -> t.start(endpoints, login, isid, result));
        return result;
    }

    private void start(List<PathEndpoint> endpoints, PathLogin login,
                       Function<PathEndpoint, Long> isid, CompletableFuture<MultipathTarget> result) {
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (PathEndpoint e : endpoints) {
            Nexus n = new Nexus(e, target, isid.apply(e), loop, (ep, pdus) -> login.open(ep, loop, pdus), settings, clock);
            n.addListener(new NexusEvents());
            nexuses.add(n);
        }
        for (Nexus n : nexuses) {
            first.add(n.start());
        }
        CompletableFuture.allOf(first.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> loop.execute(() -> {
            List<CompletableFuture<Void>> probing = new ArrayList<>();
            for (Nexus n : nexuses) {
                if (n.session() != null) {
                    probing.add(discover(n, n.session()));
                }
            }
            if (probing.isEmpty()) {
                List<String> why = new ArrayList<>();
                for (Nexus n : nexuses) {
                    why.add("path " + n.endpoint() + ": " + n.reason());
                }
                closeQuietly();
                result.completeExceptionally(new MultipathException("no path to target " + target + " could log in: "
                        + String.join("; ", why)));
                return;
            }
            CompletableFuture.allOf(probing.toArray(new CompletableFuture<?>[0])).whenComplete((v2, e2) -> loop.execute(() -> {
                if (devices.isEmpty()) {
                    closeQuietly();
                    result.completeExceptionally(new MultipathException(e2 != null
                            ? "target " + target + ": " + Nexus.describe(e2)
                            : onlyLun.isPresent() ? "target " + target + " has no LUN " + onlyLun.get()
                            + " that is a disk (it reports " + reported + ")"
                            : "target " + target + " has no disk LUNs (it reports " + reported + ")"));
                    return;
                }
                checker.start();
                result.complete(this);
            }));
        }));
    }

    /** REPORT LUNS and a probe of every LUN on a nexus that just logged in for the first time. */
    private CompletableFuture<Void> discover(Nexus n, Session s) {
        return LunDirectory.reportLuns(s::execute).thenCompose(luns -> {
            loop.execute(() -> {
                if (reported.isEmpty()) {
                    reported.addAll(luns);
                }
            });
            List<CompletableFuture<Void>> opening = new ArrayList<>();
            for (Lun lun : luns) {
                if (onlyLun.isPresent() && !(lun.hasNumber() && lun.number() == onlyLun.get())) {
                    continue;
                }
                opening.add(LogicalUnit.open(s::execute, lun).handle((unit, e) -> {
                    loop.execute(() -> {
                        if (e != null) {
                            LOG.info("{} of {} via {} skipped: {}", lun, target, n.endpoint(), Nexus.describe(e));
                        } else {
                            attach(n, lun, unit.info());
                        }
                    });
                    return null;
                }));
            }
            return CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]))
                    .thenCompose(v -> onLoop());
        });
    }

    private CompletableFuture<Void> onLoop() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(null));
        return f;
    }

    /** Adds the LUN seen through {@code n} to the device of its identity (or a new device). */
    private void attach(Nexus n, Lun lun, LunInfo info) {
        long now = clock.getAsLong();
        int priority = nexuses.indexOf(n);
        String key = info.identity().orElse(null);
        MultipathDevice device = key == null ? null : findByIdentity(key);
        if (device != null) {
            String mismatch = geometryMismatch(device.info(), info);
            LunPath path;
            if (mismatch != null) {
                LOG.warn("target {}: {} via {} has identity {} like {} but {}: not merged", target, lun, n.endpoint(),
                        key, device.name(), mismatch);
                path = new LunPath(n, lun, priority, device.name(), PathState.DISABLED, "identity " + key + " but " + mismatch, now);
            } else {
                path = new LunPath(n, lun, priority, device.name(), PathState.ACTIVE, null, now);
                LOG.info("device {}: path {} ({}) added", device.name(), n.endpoint(), lun);
                device.addPath(path);
                device.pathsChanged();
                refreshAlua(device, path);
                return;
            }
            device.addPath(path);
            device.pathsChanged();
            return;
        }
        if (checker.started()) {
            // The devices were handed to the exporters when the target opened: a LUN identity first
            // seen later (through a path that logged in late) is reported, not exported.
            LOG.warn("target {}: {} via {} has identity {}, which no device opened at start has: not used "
                    + "(restart to export it)", target, lun, n.endpoint(), key);
            return;
        }
        String name = naming.apply(lun);
        if (devices.containsKey(name)) {
            name = name + "@" + n.endpoint().id();
            LOG.warn("target {}: {} via {} has identity {} which differs from that of {} on another path: "
                    + "a separate device {}", target, lun, n.endpoint(), key, naming.apply(lun), name);
        }
        MultipathDevice d = new MultipathDevice(name, info, loop, settings, clock);
        LunPath first = new LunPath(n, lun, priority, name, PathState.ACTIVE, null, now);
        d.addPath(first);
        devices.put(name, d);
        refreshAlua(d, first);
        LOG.info("device {} ({}, identity {}): path {} ({})", name, info.vendor() + " " + info.product(), key,
                n.endpoint(), lun);
    }

    private MultipathDevice findByIdentity(String identity) {
        for (MultipathDevice d : devices.values()) {
            if (d.info().identity().map(identity::equals).orElse(false)) {
                return d;
            }
        }
        return null;
    }

    static String geometryMismatch(LunInfo a, LunInfo b) {
        if (a.geometry().sizeBytes() != b.geometry().sizeBytes()) {
            return "a capacity of " + b.geometry().sizeBytes() + " bytes instead of " + a.geometry().sizeBytes();
        }
        if (a.geometry().logicalBlockSize() != b.geometry().logicalBlockSize()) {
            return "a block size of " + b.geometry().logicalBlockSize() + " instead of " + a.geometry().logicalBlockSize();
        }
        return null;
    }

    /** Nexus up/down, applied to every LUN path on it. */
    private final class NexusEvents implements Nexus.Listener {
        @Override
        public void up(Nexus nexus, Session session) {
            boolean known = false;
            for (MultipathDevice d : devices.values()) {
                for (LunPath p : d.paths()) {
                    if (p.nexus == nexus) {
                        known = true;
                        reinstate(d, p, session);
                    }
                }
            }
            if (!known && checker.started()) {
                // A path that never logged in before: its LUNs join the devices of their identity.
                discover(nexus, session).whenComplete((v, e) -> loop.execute(() -> devices.values()
                        .forEach(MultipathDevice::pathsChanged)));
            }
        }

        @Override
        public void down(Nexus nexus, String reason) {
            long now = clock.getAsLong();
            for (MultipathDevice d : devices.values()) {
                boolean changed = false;
                for (LunPath p : d.paths()) {
                    if (p.nexus == nexus) {
                        changed |= p.transition(PathState.FAILED, reason, now);
                    }
                }
                if (changed) {
                    d.pathsChanged();
                }
            }
        }
    }

    /** After a re-login: probe again (TEST UNIT READY, identity, geometry), then carry I/O. */
    private void reinstate(MultipathDevice d, LunPath p, Session session) {
        if (!p.transition(PathState.REINSTATING, "logged in again; checking the LUN", clock.getAsLong())) {
            return;
        }
        LogicalUnit.open(session::execute, p.lun).whenComplete((unit, e) -> loop.execute(() -> {
            long now = clock.getAsLong();
            if (p.state() != PathState.REINSTATING || p.session() != session) {
                return;
            }
            if (e != null) {
                p.transition(PathState.FAILED, "the LUN check after re-login failed: " + Nexus.describe(e), now);
                d.pathsChanged();
                return;
            }
            LunInfo info = unit.info();
            String was = d.info().identity().orElse(null);
            String is = info.identity().orElse(null);
            if (was != null && !was.equals(is)) {
                p.transition(PathState.DISABLED, "the LUN identity changed from " + was + " to " + is
                        + ": path removed", now);
            } else if (geometryMismatch(d.info(), info) != null) {
                p.transition(PathState.DISABLED, "the LUN now has " + geometryMismatch(d.info(), info)
                        + ": path removed", now);
            } else {
                p.transition(PathState.ACTIVE, "reinstated after re-login and TEST UNIT READY", now);
                refreshAlua(d, p);
            }
            d.pathsChanged();
        }));
    }

    /** Asks the path for its ALUA state and applies it (order of paths, ACTIVE/STANDBY). */
    void refreshAlua(MultipathDevice d, LunPath p) {
        Session s = p.session();
        if (s == null) {
            return;
        }
        Alua.query(s, p.lun).thenAccept(state -> loop.execute(() -> {
            if (p.session() == s && state.isPresent() && p.applyAlua(state.get(), clock.getAsLong())) {
                LOG.info("device {} path {}: ALUA {}", d.name(), p.id(), state.get());
                d.reorder();
                d.pathsChanged();
            }
        }));
    }

    /**
     * The devices, in the REPORT LUNS order of the first path that answered (LUN probes complete in
     * any order; the first device is the default export).
     */
    public List<MultipathDevice> devices() {
        List<MultipathDevice> all = new ArrayList<>(devices.values());
        all.sort(java.util.Comparator.comparingInt(d -> {
            int i = reported.indexOf(d.info().lun());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return List.copyOf(all);
    }

    public String target() {
        return target;
    }

    /** Opens the session of one path. */
    @FunctionalInterface
    public interface PathLogin {
        /** Logs in over {@code endpoint} on {@code loop}, the connection counting its PDUs in {@code pdus}. */
        CompletableFuture<Session> open(PathEndpoint endpoint, EventLoop loop, PduCounters pdus);
    }

    /** The session counters of every path, in the order the paths were given; taken on the loop. */
    public CompletableFuture<List<SessionStats>> sessionStats() {
        CompletableFuture<List<SessionStats>> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(nexuses.stream().map(Nexus::stats).toList()));
        return f;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    private void closeQuietly() {
        for (Nexus n : nexuses) {
            n.close();
        }
    }

    /** Fails queued I/O, stops re-login and the checker, logs out of every path. */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            checker.stop();
            devices.values().forEach(MultipathDevice::close);
            List<CompletableFuture<Void>> logouts = new ArrayList<>();
            for (Nexus n : nexuses) {
                logouts.add(n.close());
            }
            CompletableFuture.allOf(logouts.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    @Override
    public void close() throws Exception {
        closeAsync().get();
    }
}
