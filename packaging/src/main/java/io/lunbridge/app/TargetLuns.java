package io.lunbridge.app;

import io.lunbridge.mpio.MpioSettings;
import io.lunbridge.mpio.MultipathDevice;
import io.lunbridge.mpio.MultipathTarget;
import io.lunbridge.mpio.PathEndpoint;
import io.lunbridge.mpio.SessionStats;
import io.lunbridge.protocol.initiator.Initiator;
import io.lunbridge.protocol.login.ChapCredentials;
import io.lunbridge.protocol.scsi.Lun;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A logged-in target with its disk LUNs opened as multipath devices: one session per path (one TCP
 * connection per interface and portal) shared by all LUNs, one device per LUN identity. A target
 * with one portal and no interface is simply one path. LUNs that are not direct-access block
 * devices (tgtd's controller LUN 0) are skipped and logged; a LUN filter keeps only the one asked for.
 */
public final class TargetLuns implements AutoCloseable {
    private final MultipathTarget target;

    private TargetLuns(MultipathTarget target) {
        this.target = target;
    }

    /**
     * Logs in to {@code target} over every endpoint and opens its disk LUNs ({@code onlyLun}, if
     * given, selects one and fails if the target has no such disk LUN).
     */
    public static TargetLuns open(Initiator initiator, String target, List<PathEndpoint> endpoints,
                                  Optional<ChapCredentials> chap, Optional<Integer> onlyLun, MpioSettings settings)
            throws Exception {
        EventLoop loop = initiator.transport().group().next();
        return new TargetLuns(get(MultipathTarget.open(target, endpoints, loop,
                (ep, l, pdus) -> initiator.login(ep.host(), ep.port(), ep.netdev(), l, target, chap, pdus),
                ep -> initiator.isid(target, ep.netdev(), ep.host() + ":" + ep.port()),
                settings, onlyLun, lun -> exportName(target, lun))));
    }

    /** One portal, routed freely, default multipath settings: a device with one path. */
    public static TargetLuns open(Initiator initiator, String host, int port, String target,
                                  Optional<ChapCredentials> chap, Optional<Integer> onlyLun) throws Exception {
        return open(initiator, target, List.of(new PathEndpoint(null, host, port)), chap, onlyLun, MpioSettings.defaults());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the target within 120 s");
        }
    }

    public String target() {
        return target.target();
    }

    /** The loop of every session and device of the target: exporters run their connections on it. */
    public EventLoop eventLoop() {
        return target.eventLoop();
    }

    /** The session counters of every path (PDUs, digest errors, logins), taken on the target's loop. */
    public CompletableFuture<List<SessionStats>> sessionStats() {
        return target.sessionStats();
    }

    /** The disk LUNs, one device per identity, in REPORT LUNS order of the first path. */
    public List<MultipathDevice> units() {
        return target.devices();
    }

    /** The stable export name of a LUN: the target name and the LUN number, e.g. "iqn.…:disk/lun1". */
    public static String exportName(String target, Lun lun) {
        return target + "/lun" + (lun.hasNumber() ? Integer.toString(lun.number()) : Long.toHexString(lun.raw()));
    }

    /** Logs out of every path (after the exporters above have finished their in-flight requests). */
    @Override
    public void close() throws Exception {
        get(target.closeAsync());
    }
}
