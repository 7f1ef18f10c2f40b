package io.lunbridge.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.mpio.PathEndpoint;
import io.lunbridge.mpio.SessionStats;
import io.lunbridge.protocol.pdu.Opcode;
import io.lunbridge.protocol.pdu.PduStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-session families, as written for a scrape, from the counters the session layer keeps. */
class SessionMetricsTest {
    private static final String[] BOUND = {"target", "iqn.t", "interface", "eth1", "portal", "198.18.0.2:3260"};
    private static final String[] FREE = {"target", "iqn.t", "interface", "", "portal", "198.18.1.2:3260"};

    /** "name{k="v",…}" with the labels of {@code path} and {@code more} (key, value, …) sorted as written. */
    private static String series(String name, String[] path, String... more) {
        java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
        for (String[] kv : new String[][] {path, more}) {
            for (int i = 0; i < kv.length; i += 2) {
                labels.put(kv[i], kv[i + 1]);
            }
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append("=\"")
                .append(v).append('"'));
        return b.append("} ").toString();
    }

    private static SessionStats bound() {
        PduStats pdus = new PduStats(Map.of(Opcode.SCSI_COMMAND, 40L, Opcode.DATA_OUT, 8L, Opcode.LOGIN_REQUEST, 2L),
                Map.of(Opcode.SCSI_RESPONSE, 40L, Opcode.DATA_IN, 30L, Opcode.LOGIN_RESPONSE, 2L), 1, 2);
        return new SessionStats("iqn.t", new PathEndpoint("eth1", "198.18.0.2", 3260), true, 3,
                Map.of("authentication", 4L, "connect", 1L), pdus);
    }

    private static SessionStats free() {
        return new SessionStats("iqn.t", new PathEndpoint(null, "198.18.1.2", 3260), false, 0, Map.of(),
                new PduStats(Map.of(), Map.of(), 0, 0));
    }

    private static String scrape(List<SessionStats> stats) throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        SessionMetrics.register(registry, () -> CompletableFuture.completedFuture(stats));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.writeText(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pdusDigestErrorsAndLoginsArePerPathCounters() throws Exception {
        String text = scrape(List.of(bound(), free()));
        assertTrue(text.contains("# TYPE lunbridge_session_pdus_total counter"), text);
        assertTrue(text.contains(series("lunbridge_session_pdus_total", BOUND, "direction", "sent") + "50.0"), text);
        assertTrue(text.contains(series("lunbridge_session_pdus_total", BOUND, "direction", "received") + "72.0"), text);
        assertTrue(text.contains(series("lunbridge_session_opcode_pdus_total", BOUND, "direction", "received",
                "opcode", "data_in") + "30.0"), text);
        assertTrue(text.contains(series("lunbridge_session_opcode_pdus_total", BOUND, "direction", "sent",
                "opcode", "login_request") + "2.0"), text);
        assertTrue(text.contains(series("lunbridge_session_digest_errors_total", BOUND, "digest", "header") + "1.0"), text);
        assertTrue(text.contains(series("lunbridge_session_digest_errors_total", BOUND, "digest", "data") + "2.0"), text);
        assertTrue(text.contains(series("lunbridge_session_logins_total", BOUND) + "3.0"), text);
        assertTrue(text.contains(series("lunbridge_session_relogins_total", BOUND) + "2.0"), text);
        assertTrue(text.contains(series("lunbridge_session_login_failures_total", BOUND, "kind", "authentication")
                + "4.0"), text);
        assertTrue(text.contains(series("lunbridge_session_logged_in", BOUND) + "1.0"), text);
        // a path that never logged in: its totals at 0, not logged in, no failure kinds
        assertTrue(text.contains(series("lunbridge_session_pdus_total", FREE, "direction", "sent") + "0.0"), text);
        assertTrue(text.contains(series("lunbridge_session_relogins_total", FREE) + "0.0"), text);
        assertTrue(text.contains(series("lunbridge_session_logged_in", FREE) + "0.0"), text);
        assertFalse(text.contains("lunbridge_session_login_failures_total{interface=\"\""), text);
    }

    @Test
    void oneScrapeTakesOneSnapshotForAllItsFamilies() throws Exception {
        java.util.concurrent.atomic.AtomicInteger hops = new java.util.concurrent.atomic.AtomicInteger();
        MetricsRegistry registry = new MetricsRegistry();
        SessionMetrics.register(registry, () -> {
            hops.incrementAndGet();
            return CompletableFuture.completedFuture(List.of(bound()));
        });
        registry.writeText(new java.io.ByteArrayOutputStream());
        assertEquals(1, hops.get(), "seven families, one trip to the event loop");
    }

    @Test
    void countersThatCannotBeReadLeaveTheFamiliesEmpty() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        SessionMetrics.register(registry, () -> CompletableFuture.failedFuture(new IllegalStateException("closed")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.writeText(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("lunbridge_session_pdus_total{"), text);
    }

    @Test
    void theMetricsControlRequestAnswersTheTextLineByLine() {
        MetricsRegistry registry = new MetricsRegistry();
        SessionMetrics.register(registry, () -> CompletableFuture.completedFuture(List.of(bound())));
        var reply = MetricsControl.verb(registry).apply(io.lunbridge.app.control.ControlRequest.parse("metrics"));
        assertEquals(io.lunbridge.app.control.ControlReply.Status.OK, reply.status());
        assertTrue(reply.data().contains(series("lunbridge_session_logins_total", BOUND) + "3.0"), reply.data().toString());
        var refused = MetricsControl.verb(registry).apply(io.lunbridge.app.control.ControlRequest.parse("metrics now"));
        assertEquals(io.lunbridge.app.control.ControlReply.Status.ERROR, refused.status());
    }

    @Test
    void theExpositionsOfTwoProcessesMergeIntoOneFamilyEachWithTheProcessAsALabel() {
        List<String> a = List.of("# HELP lunbridge_x_total x", "# TYPE lunbridge_x_total counter",
                "lunbridge_x_total{lun=\"a\"} 1.0", "# HELP lunbridge_y y", "# TYPE lunbridge_y gauge", "lunbridge_y 2.0");
        List<String> b = List.of("# HELP lunbridge_x_total x", "# TYPE lunbridge_x_total counter",
                "lunbridge_x_total{lun=\"a\"} 3.0", "# HELP lunbridge_y y", "# TYPE lunbridge_y gauge", "lunbridge_y 4.0");
        assertEquals(String.join("\n", a) + "\n", MetricsControl.merge(List.of(new MetricsControl.Exposition("serve-1", a))),
                "one process: unchanged");
        String merged = MetricsControl.merge(List.of(new MetricsControl.Exposition("serve-1", a),
                new MetricsControl.Exposition("attach-2", b)));
        assertEquals("# HELP lunbridge_x_total x\n# TYPE lunbridge_x_total counter\n"
                + "lunbridge_x_total{process=\"serve-1\",lun=\"a\"} 1.0\n"
                + "lunbridge_x_total{process=\"attach-2\",lun=\"a\"} 3.0\n# HELP lunbridge_y y\n# TYPE lunbridge_y gauge\n"
                + "lunbridge_y{process=\"serve-1\"} 2.0\nlunbridge_y{process=\"attach-2\"} 4.0\n", merged,
                "the same series of two processes stays two series");
    }

    @Test
    void theProcessLabelIsEscapedAndAnEmptyLabelSetFilled() {
        assertEquals("m{process=\"a\\\"b\"} 1", MetricsControl.withProcess("m{} 1", "a\"b"));
        assertEquals("m{process=\"p\",x=\"1 2\"} 1 1700000000", MetricsControl.withProcess("m{x=\"1 2\"} 1 1700000000", "p"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> MetricsControl.withProcess("m", "p"));
    }

    @Test
    void aMergedExpositionOfTwoProcessesWithTheSameSeriesNeverRepeatsASeries() throws Exception {
        List<String> a = List.of("# HELP lunbridge_y y", "# TYPE lunbridge_y gauge", "lunbridge_y 2.0");
        String merged = MetricsControl.merge(List.of(new MetricsControl.Exposition("serve-1", a),
                new MetricsControl.Exposition("serve-2", a)));
        java.util.Set<String> series = new java.util.HashSet<>();
        for (String line : merged.split("\n")) {
            if (!line.startsWith("#")) {
                assertTrue(series.add(line.substring(0, line.lastIndexOf(' '))), "series repeated: " + merged);
            }
        }
        assertEquals(2, series.size(), merged);
    }
}
