package io.lunbridge.mpio;

import io.lunbridge.protocol.recovery.FailureClassifier;
import io.lunbridge.protocol.recovery.Recovery;
import io.lunbridge.protocol.scsi.Cdbs;
import io.lunbridge.protocol.session.ScsiRequest;
import io.lunbridge.protocol.session.Session;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The path checker (multipath-tools' {@code tur} checker): TEST UNIT READY on every ACTIVE and
 * STANDBY path each polling interval; the interval doubles while the path stays healthy, up to 4x,
 * and returns to the minimum after a failure. A STANDBY path that answers GOOD becomes ACTIVE; an
 * ACTIVE path whose port group reports ALUA standby/unavailable becomes STANDBY; a path whose LUN is
 * no longer supported (ILLEGAL REQUEST 25h/00h) is disabled; a path with an ALUA state asks for it
 * again (REPORT TARGET PORT GROUPS) after a good check. Lost sessions are noticed by the
 * session itself (keepalive), not here.
 */
final class PathChecker {
    private static final long TICK_MILLIS = 500;
    private static final int MAX_FACTOR = 4;

    private final EventLoop loop;
    private final MpioSettings settings;
    private final LongSupplier clock;
    private final Supplier<Collection<MultipathDevice>> devices;
    private final BiConsumer<MultipathDevice, LunPath> alua;
    private ScheduledFuture<?> tick;

    PathChecker(EventLoop loop, MpioSettings settings, LongSupplier clock, Supplier<Collection<MultipathDevice>> devices,
                BiConsumer<MultipathDevice, LunPath> alua) {
        this.loop = loop;
        this.settings = settings;
        this.clock = clock;
        this.devices = devices;
        this.alua = alua;
    }

    boolean started() {
        return tick != null;
    }

    void start() {
        tick = loop.scheduleAtFixedRate(this::run, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private void run() {
        long now = clock.getAsLong();
        for (MultipathDevice d : devices.get()) {
            for (LunPath p : d.paths()) {
                if (p.checkIntervalNanos == 0) {
                    p.checkIntervalNanos = settings.pollingInterval().toNanos();
                    p.nextCheckNanos = now + p.checkIntervalNanos;
                }
                if ((p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY) && !p.checking
                        && p.session() != null && now - p.nextCheckNanos >= 0) {
                    check(d, p, p.session());
                }
            }
        }
    }

    private void check(MultipathDevice d, LunPath p, Session session) {
        p.checking = true;
        session.execute(ScsiRequest.noData(p.lun.raw(), Cdbs.testUnitReady(), "TEST UNIT READY (path check) on "
                + p.lun + " via " + p.id())).whenComplete((result, error) -> loop.execute(() -> {
                    p.checking = false;
                    long t = clock.getAsLong();
                    long min = settings.pollingInterval().toNanos();
                    if (error != null) {
                        p.checkIntervalNanos = min;
                        p.nextCheckNanos = t + min;
                        return; // the session's own failure handling moves the path
                    }
                    if (result.good()) {
                        p.checkIntervalNanos = Math.min(p.checkIntervalNanos * 2, min * MAX_FACTOR);
                        if (p.alua != null) {
                            alua.accept(d, p); // the port group's state may have changed (failover at the array)
                        }
                        if (p.state() == PathState.STANDBY && p.transition(PathState.ACTIVE,
                                "TEST UNIT READY answered GOOD", t)) {
                            d.pathsChanged();
                        }
                    } else {
                        p.checkIntervalNanos = min;
                        result.data().release();
                        if (FailureClassifier.classify(result) == Recovery.RETRY_OTHER_PATH
                                && p.transition(PathState.STANDBY, "the target port group is in ALUA standby or unavailable", t)) {
                            d.pathsChanged();
                        } else if (lunGone(result.sense()) && p.transition(PathState.DISABLED,
                                "the target no longer supports " + p.lun + " (ILLEGAL REQUEST 25h/00h)", t)) {
                            d.pathsChanged();
                        }
                    }
                    p.nextCheckNanos = t + p.checkIntervalNanos;
                }));
    }

    private static boolean lunGone(byte[] sense) {
        try {
            return sense.length > 0 && io.lunbridge.protocol.scsi.SenseData.parse(sense).is(0x25, 0x00);
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
