package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.nbd.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-session metrics of a two-path serve against tgtd, read with {@code lunbridge status
 * --metrics}: no re-login while both links stay up; one link pulled until its session is lost and
 * put back counts exactly one re-login on that path and none on the other, and the path's PDU
 * counters carry on from where they were (they belong to the path, not to one connection).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionMetricsIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:session-metrics";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:session-metrics-client";
    private static final Duration NOTICE = Duration.ofSeconds(60);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    /** The labels of the path over {@code link}. */
    private static List<String> path(TwoPathTarget t, Link link) {
        return List.of("target", t.iqn(), "interface", link.hostInterface(), "portal",
                link.peerAddress() + ":" + TgtdTarget.PORT);
    }

    /** {@code lunbridge_session_logged_in} of the path over {@code link}, read with {@code status --metrics}. */
    private static boolean loggedIn(MpioServe s, TwoPathTarget t, Link link) {
        Map<String, Double> now = PrometheusScrape.viaControl(s.work(), s.control());
        return PrometheusScrape.get(now, "lunbridge_session_logged_in", path(t, link)) == 1;
    }

    @Test
    void aDroppedConnectionCountsOneReloginOnItsPathOnly() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64L << 20);
        MpioServe s = MpioServe.start(hosts, t.bothPaths(INITIATOR, "60"));
        Map<String, Double> before = PrometheusScrape.viaControl(s.work(), s.control());
        for (Link l : t.links()) {
            assertEquals(1.0, PrometheusScrape.get(before, "lunbridge_session_logins_total", path(t, l)));
            assertEquals(0.0, PrometheusScrape.get(before, "lunbridge_session_relogins_total", path(t, l)));
            assertEquals(1.0, PrometheusScrape.get(before, "lunbridge_session_logged_in", path(t, l)));
            assertTrue(PrometheusScrape.get(before, "lunbridge_session_pdus_total", path(t, l), "direction", "sent") > 0,
                    "the login and the probes were counted");
        }
        double receivedBefore = PrometheusScrape.get(before, "lunbridge_session_pdus_total",
                path(t, t.a()), "direction", "received");

        t.a().down();
        try {
            Await.until("the session over " + t.a().hostInterface() + " is lost", NOTICE, () -> !loggedIn(s, t, t.a()));
        } finally {
            t.a().up();
        }
        Await.until("the path over " + t.a().hostInterface() + " logs in again", NOTICE, () -> loggedIn(s, t, t.a()));

        Map<String, Double> after = PrometheusScrape.viaControl(s.work(), s.control());
        assertEquals(1.0, PrometheusScrape.get(after, "lunbridge_session_relogins_total", path(t, t.a())));
        assertEquals(2.0, PrometheusScrape.get(after, "lunbridge_session_logins_total", path(t, t.a())));
        assertEquals(0.0, PrometheusScrape.get(after, "lunbridge_session_relogins_total", path(t, t.b())),
                "the other path kept its session");
        assertTrue(PrometheusScrape.get(after, "lunbridge_session_pdus_total", path(t, t.a()), "direction", "received")
                > receivedBefore, "the new connection's PDUs add to the path's count");
        assertEquals(0.0, PrometheusScrape.get(after, "lunbridge_session_digest_errors_total",
                path(t, t.a()), "digest", "header"));
        assertTrue(after.containsKey("lunbridge_block_requests_total{lun=\"" + t.export(1) + "\",op=\"read\"}"),
                "the per-LUN counters are there too: " + after.keySet());
    }
}
