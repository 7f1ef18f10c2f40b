package io.lunbridge.mpio;

import io.lunbridge.protocol.pdu.PduCounters;
import io.lunbridge.protocol.session.Session;
import io.lunbridge.protocol.session.SessionException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One I_T nexus: the session of one target over one {@link PathEndpoint}, shared by every LUN path
 * that goes through it. It logs in, notices the session's failure (before the session fails its
 * commands) or its logout, and logs in again with the back-off and damping of
 * {@link ReloginSchedule}, trying at once when its interface comes back up. Owned by the target's
 * event loop: every method runs there.
 */
final class Nexus {
    private static final Logger LOG = LogManager.getLogger(Nexus.class);
    private static final long WATCH_MILLIS = 500;

    /** What a LUN path (or the target assembling its devices) learns of the nexus. */
    interface Listener {
        /** A session is logged in (first time or again). */
        void up(Nexus nexus, Session session);

        /** The session stopped taking commands or failed; {@code reason} says why. */
        void down(Nexus nexus, String reason);
    }

    private final PathEndpoint endpoint;
    private final String target;
    private final EventLoop loop;
    private final BiFunction<PathEndpoint, PduCounters, CompletableFuture<Session>> login;
    /** Every connection of this path counts its PDUs here (they all run on {@link #loop}). */
    private final PduCounters pdus = new PduCounters();
    private long logins;
    private final Map<String, Long> loginFailures = new TreeMap<>();
    private final ReloginSchedule schedule;
    private final LongSupplier clock;
    private final List<Listener> listeners = new ArrayList<>();
    private final long isid;
    private Session session;
    private boolean up;
    private boolean closed;
    private boolean loggingIn;
    private String reason = "not logged in yet";
    private boolean interfaceWasUp = true;
    private Duration time2Wait = Duration.ZERO;
    private ScheduledFuture<?> watch;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

    Nexus(PathEndpoint endpoint, String target, long isid, EventLoop loop,
          BiFunction<PathEndpoint, PduCounters, CompletableFuture<Session>> login, MpioSettings settings,
          LongSupplier clock) {
        this.endpoint = endpoint;
        this.target = target;
        this.isid = isid;
        this.loop = loop;
        this.login = login;
        this.schedule = new ReloginSchedule(settings);
        this.clock = clock;
    }

    PathEndpoint endpoint() {
        return endpoint;
    }

    long isid() {
        return isid;
    }

    /** The logged-in session, or null. */
    Session session() {
        return up ? session : null;
    }

    String reason() {
        return reason;
    }

    void addListener(Listener l) {
        listeners.add(l);
    }

    /** Starts: the first login now, the interface watch. Completes when the first attempt ended. */
    CompletableFuture<Void> start() {
        watch = loop.scheduleAtFixedRate(this::tick, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        attempt();
        return firstAttempt;
    }

    private void attempt() {
        if (closed || loggingIn || up) {
            return;
        }
        loggingIn = true;
        CompletableFuture<Session> f;
        try {
            f = login.apply(endpoint, pdus);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((s, e) -> loop.execute(() -> loggedIn(s, e)));
    }

    private void loggedIn(Session s, Throwable error) {
        loggingIn = false;
        firstAttempt.complete(null);
        if (closed) {
            if (s != null) {
                s.logout();
            }
            return;
        }
        if (error != null) {
            Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String why = "login failed: " + t.getMessage();
            if (!why.equals(reason)) {
                LOG.info("path {} of {}: {}", endpoint, target, why);
            }
            reason = why;
            loginFailures.merge(SessionStats.failureKind(t), 1L, Long::sum);
            long next = schedule.onFailure(clock.getAsLong(), time2Wait);
            LOG.debug("path {}: next login in {} ms", endpoint, (next - clock.getAsLong()) / 1_000_000);
            return;
        }
        session = s;
        up = true;
        logins++;
        schedule.onSuccess();
        time2Wait = Duration.ofSeconds(s.parameters().defaultTime2Wait());
        reason = null;
        LOG.info("path {} of {}: logged in (TSIH {}, ISID 0x{})", endpoint, target, s.tsih(), Long.toHexString(isid));
        // Both run at once when the session is on this loop: the path must be down before the
        // session fails (or refuses) its commands, or their re-issue would pick this path again.
        s.drainingFuture().thenAccept(why -> onLoop(() -> lost(s, "the session is logging out (" + why + ")")));
        s.closeFuture().thenAccept(e -> onLoop(() -> lost(s, e.getMessage())));
        for (Listener l : List.copyOf(listeners)) {
            l.up(this, s);
        }
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    /** The session {@code s} can no longer carry commands. */
    private void lost(Session s, String why) {
        if (s != session || !up) {
            return;
        }
        up = false;
        reason = why;
        long now = clock.getAsLong();
        Duration wait = s.requestedTime2Wait() > time2Wait.toSeconds() ? Duration.ofSeconds(s.requestedTime2Wait()) : time2Wait;
        schedule.onFailure(now, wait);
        LOG.info("path {} of {}: session lost ({}){}", endpoint, target, why,
                schedule.marginal(now) ? "; failing too often: held out as marginal" : "");
        for (Listener l : List.copyOf(listeners)) {
            l.down(this, why);
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        boolean ifUp = interfaceUp();
        if (ifUp && !interfaceWasUp && !up) {
            LOG.info("path {} of {}: interface {} is up again; logging in", endpoint, target, endpoint.netdev());
            schedule.onInterfaceUp(now);
        }
        interfaceWasUp = ifUp;
        if (up && session != null && session.closeFuture().isDone()) {
            lost(session, session.closeFuture().join().getMessage());
        }
        if (!up && !loggingIn && now - schedule.nextAttemptNanos() >= 0) {
            attempt();
        }
    }

    private boolean interfaceUp() {
        if (endpoint.netdev() == null) {
            return true;
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(endpoint.netdev());
            return nif != null && nif.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    /** The path's session counters (PDUs over all its connections, logins, failures). On the loop. */
    SessionStats stats() {
        return new SessionStats(target, endpoint, session() != null, logins, loginFailures, pdus.snapshot());
    }

    /** Stops re-login and logs out (after the devices drained). */
    CompletableFuture<Void> close() {
        closed = true;
        if (watch != null) {
            watch.cancel(false);
        }
        Session s = session;
        up = false;
        reason = "closed";
        return s == null || s.closeFuture().isDone() ? CompletableFuture.completedFuture(null)
                : s.logout().exceptionally(e -> null);
    }

    /** A failure the session itself did not report (e.g. a check that found the path unusable). */
    static String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof SessionException ? t.getMessage() : String.valueOf(t.getMessage());
    }
}
