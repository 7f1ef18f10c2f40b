package io.lunbridge.app.metrics;

import io.lunbridge.mpio.SessionStats;
import io.lunbridge.protocol.pdu.Opcode;
import io.lunbridge.protocol.pdu.PduStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Per-session metrics (names in docs/metrics.md), read at scrape time from the counters the
 * session layer keeps per path ({@link SessionStats}: the PDU codec counts PDUs and digest errors,
 * the path its logins); nothing is counted here. Every series is labelled {@code target},
 * {@code interface} (empty for a path routed freely) and {@code portal}.
 */
public final class SessionMetrics {
    private static final Logger LOG = LogManager.getLogger(SessionMetrics.class);
    private static final long WAIT_SECONDS = 5;
    private static final List<String> PATH = List.of("target", "interface", "portal");

    private SessionMetrics() {
    }

    /** Registers the metrics of the sessions {@code stats} returns (e.g. {@code TargetLuns::sessionStats}). */
    public static void register(MetricsRegistry registry, Supplier<CompletableFuture<List<SessionStats>>> stats) {
        registerFrom(registry, new OneScrape(() -> snapshot(stats)));
    }

    /**
     * One snapshot shared by every family of a scrape (the families are read one after the other
     * within milliseconds): one hop onto the event loop per scrape, and the families agree with
     * each other. A snapshot older than {@link #REUSE_NANOS} is taken again.
     */
    static final class OneScrape implements Supplier<List<SessionStats>> {
        static final long REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
        private final Supplier<List<SessionStats>> source;
        private List<SessionStats> last;
        private long takenAt;

        OneScrape(Supplier<List<SessionStats>> source) {
            this.source = source;
        }

        @Override
        public synchronized List<SessionStats> get() {
            long now = System.nanoTime();
            if (last == null || now - takenAt > REUSE_NANOS) {
                last = source.get();
                takenAt = now;
            }
            return last;
        }
    }

    /** Registers metrics read from {@code stats} at each scrape. */
    static void registerFrom(MetricsRegistry registry, Supplier<List<SessionStats>> stats) {
        registry.counter("lunbridge_session_pdus_total", "iSCSI PDUs sent and received on the path's connections",
                with("direction"), cb -> {
                    for (SessionStats s : stats.get()) {
                        cb.call(s.pdus().sentTotal(), labels(s, "sent"));
                        cb.call(s.pdus().receivedTotal(), labels(s, "received"));
                    }
                });
        registry.counter("lunbridge_session_opcode_pdus_total", "iSCSI PDUs by direction and opcode",
                with("direction", "opcode"), cb -> {
                    for (SessionStats s : stats.get()) {
                        PduStats p = s.pdus();
                        p.sent().forEach((op, n) -> cb.call(n, labels(s, "sent", name(op))));
                        p.received().forEach((op, n) -> cb.call(n, labels(s, "received", name(op))));
                    }
                });
        registry.counter("lunbridge_session_digest_errors_total",
                "received PDUs whose header or data digest did not match (each ends the connection)", with("digest"),
                cb -> {
                    for (SessionStats s : stats.get()) {
                        cb.call(s.pdus().headerDigestErrors(), labels(s, "header"));
                        cb.call(s.pdus().dataDigestErrors(), labels(s, "data"));
                    }
                });
        registry.counter("lunbridge_session_logins_total", "successful logins of the path (the first and every re-login)",
                PATH, cb -> stats.get().forEach(s -> cb.call(s.logins(), labels(s))));
        registry.counter("lunbridge_session_relogins_total", "logins after the path lost its session",
                PATH, cb -> stats.get().forEach(s -> cb.call(s.relogins(), labels(s))));
        registry.counter("lunbridge_session_login_failures_total", "failed login attempts by kind", with("kind"), cb -> {
            for (SessionStats s : stats.get()) {
                for (Map.Entry<String, Long> e : s.loginFailures().entrySet()) {
                    cb.call(e.getValue(), labels(s, e.getKey()));
                }
            }
        });
        registry.gauge("lunbridge_session_logged_in", "1 while the path has a logged-in session", PATH,
                cb -> stats.get().forEach(s -> cb.call(s.loggedIn() ? 1 : 0, labels(s))));
    }

    private static List<String> with(String... more) {
        List<String> all = new java.util.ArrayList<>(PATH);
        all.addAll(List.of(more));
        return all;
    }

    private static String[] labels(SessionStats s, String... more) {
        String[] all = new String[PATH.size() + more.length];
        all[0] = s.target();
        all[1] = s.endpoint().netdev() == null ? "" : s.endpoint().netdev();
        all[2] = s.endpoint().portal();
        System.arraycopy(more, 0, all, PATH.size(), more.length);
        return all;
    }

    /** "scsi_command", "data_in", …: the opcode's name in lower case. */
    private static String name(Opcode op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    private static List<SessionStats> snapshot(Supplier<CompletableFuture<List<SessionStats>>> stats) {
        try {
            return stats.get().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            LOG.debug("session counters unavailable for a scrape: {}", e.getMessage());
            return List.of();
        }
    }
}
