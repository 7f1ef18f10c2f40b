package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdShow;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Path faults under the write-heavy workload through {@code lunbridge serve} over two
 * interface-bound paths (docs/MPIO-CONTRACT): the active link pulled, both links pulled for less
 * and for more than the replacement timeout, tgtd SIGKILLed and restarted, one link flapping. Each
 * case ends by checking every acknowledged write in the LUN's backing file and read back through
 * lunbridge. Keepalive 1 s + 2 s, replacement timeout {@link #TIMEOUT_S} s.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PathFailoverIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-failover";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-failover-client";
    private static final long LUN_SIZE = 64L << 20;
    static final int TIMEOUT_S = 12;
    /** How much earlier than the replacement timeout an EIO may be seen (clock and polling slack). */
    private static final long EIO_TOLERANCE_MS = 1000;
    private static final Duration PROGRESS = Duration.ofSeconds(60);
    /** How long a returned link is given to deliver what its dead connection still had queued. */
    private static final Duration RETRANSMISSION_WINDOW = Duration.ofSeconds(6);
    private static final int FLAPS = 5;
    private static final Duration FLAP_DOWN = Duration.ofMillis(4000);
    private static final Duration FLAP_UP = Duration.ofMillis(2000);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    private TwoPathTarget target;
    private MpioServe serve;
    private VerifiedWorkload workload;

    @BeforeEach
    void startTargetServeAndWorkload() throws Exception {
        target = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        serve = MpioServe.start(hosts, target.bothPaths(INITIATOR, Integer.toString(TIMEOUT_S)));
        workload = VerifiedWorkload.start(serve.socket(), target.export(1), target.backing(1),
                Workload.Settings.writeHeavy(System.nanoTime()));
        workload.awaitMoreCompletions(300, PROGRESS);
    }

    @AfterEach
    void linksUpAndClientClosed() throws Exception {
        for (Link link : target.links()) {
            if (!link.isUp()) {
                link.up();
            }
        }
        workload.close();
    }

    private Link activeLink() {
        return LinkTraffic.busiest(target.links(), 500, 256 << 10);
    }

    @Test
    void linkDownOnTheActivePathFailsOverWithoutAnErrorOrALostWrite() throws Exception {
        Link active = activeLink();
        workload.mark("active link down");
        active.down();
        workload.awaitCompletionsAfter("active link down", 300, PROGRESS);
        Link carrying = LinkTraffic.busiest(target.links(), 300, 64 << 10);
        // the cable goes back in a few seconds after the failover: whatever the dead connection
        // still had queued (TCP retransmits it) must not land after the writes re-issued elsewhere
        workload.mark("link back up");
        active.up();
        LockSupport.parkNanos(RETRANSMISSION_WINDOW.toNanos());
        workload.awaitCompletionsAfter("link back up", 1000, PROGRESS);
        Workload.Result r = workload.stop();

        double gap = workload.timeline().gapAfterMs("active link down").orElseThrow();
        System.out.printf("[mpio] failover after %s down: longest time without a completion %.0f ms "
                + "(keepalive %d s + %d s)%n", active.hostInterface(), gap, MpioServe.KEEPALIVE_INTERVAL_S,
                MpioServe.KEEPALIVE_TIMEOUT_S);
        assertEquals(target.other(active), carrying, "the other link carries the I/O");
        assertEquals(0, r.failures(), "no error reaches the client: " + r.summary());
        workload.assertEveryAcknowledgedWriteKept(r);
    }

    @Test
    void bothLinksDownShorterThanTheReplacementTimeoutQueuesAndResumesWithoutAnError() throws Exception {
        workload.mark("both links down");
        target.a().down();
        target.b().down();
        LockSupport.parkNanos(Duration.ofSeconds(TIMEOUT_S / 2).toNanos()); // the outage itself
        LunbridgeStatus.Device during = LunbridgeStatus.device(serve.control(), target.export(1));
        workload.mark("both links up");
        target.a().up();
        target.b().up();
        workload.awaitCompletionsAfter("both links up", 1000, PROGRESS);
        Workload.Result r = workload.stop();

        System.out.printf("[mpio] both links down %d s: I/O resumed %.0f ms after the links came back%n",
                TIMEOUT_S / 2, workload.timeline().gapAfterMs("both links up").orElseThrow());
        assertEquals("QUEUEING", during.state(), "while no path is left: " + during);
        assertTrue(during.paths().stream().allMatch(p -> Set.of("FAILED", "REINSTATING").contains(p.state())),
                "both paths out of service: " + during);
        assertEquals(0, r.failures(), "nothing fails within the replacement timeout: " + r.summary());
        workload.assertEveryAcknowledgedWriteKept(r);
    }

    @Test
    void bothLinksDownLongerThanTheReplacementTimeoutFailWithEioOnceItExpiredThenNewIoSucceeds() throws Exception {
        long down = workload.mark("both links down");
        target.a().down();
        target.b().down();
        Await.until("EIO after the replacement timeout", Duration.ofSeconds(TIMEOUT_S + 30),
                () -> !workload.timeline().failures().isEmpty(), serve.serve()::diagnostics);
        // let new requests be submitted and fail too
        Await.until("new requests fail as well", Duration.ofSeconds(30),
                () -> failuresIssuedAfterTheFirstFailure() >= 8, serve.serve()::diagnostics);
        workload.mark("both links up");
        target.a().up();
        target.b().up();
        Await.until("I/O succeeds again after the links came back", PROGRESS,
                () -> workload.timeline().successesAfter("both links up") >= 500, serve.serve()::diagnostics);
        Workload.Result r = workload.stop();

        List<Timeline.Failure> failures = workload.timeline().failures();
        double firstMs = workload.timeline().firstFailureRelativeToMs("both links down").orElseThrow();
        System.out.printf("[mpio] both links down: first EIO %.0f ms after the links went down (replacement timeout"
                + " %d s), %d failed requests%n", firstMs, TIMEOUT_S, failures.size());
        assertTrue(firstMs >= TIMEOUT_S * 1000 - EIO_TOLERANCE_MS, "no error before the replacement timeout"
                + " expired: first after " + firstMs + " ms; " + r.summary());
        assertTrue(failures.stream().allMatch(f -> f.reason().equals("NBD error 5")), "every failure is EIO: "
                + failures.subList(0, Math.min(10, failures.size())));
        long firstFailure = failures.stream().mapToLong(Timeline.Failure::nanos).min().orElseThrow();
        assertTrue(failures.stream().anyMatch(f -> f.issuedNanos() < firstFailure && f.issuedNanos() > down),
                "requests queued while no path was left failed");
        assertTrue(failuresIssuedAfterTheFirstFailure() > 0, "new requests failed");
        assertTrue(workload.timeline().failures().stream().noneMatch(
                f -> f.issuedNanos() > workload.timeline().markNanos("both links up") + Duration.ofSeconds(15).toNanos()),
                "no failures once a path is back (after reconnecting)");
        workload.assertEveryAcknowledgedWriteKept(r);
    }

    private long failuresIssuedAfterTheFirstFailure() {
        List<Timeline.Failure> failures = workload.timeline().failures();
        long first = failures.stream().mapToLong(Timeline.Failure::nanos).min().orElse(Long.MAX_VALUE);
        return failures.stream().filter(f -> f.issuedNanos() > first).count();
    }

    @Test
    void tgtdKilledAndRestartedWithinTheTimeoutResumesWithNothingLost() throws Exception {
        workload.mark("tgtd killed");
        target.tgtd().kill();
        target.tgtd().restart();
        workload.mark("tgtd restarted");
        workload.awaitCompletionsAfter("tgtd restarted", 1000, PROGRESS);
        Workload.Result r = workload.stop();

        System.out.printf("[mpio] tgtd SIGKILL + restart: longest time without a completion %.0f ms%n",
                workload.timeline().gapAfterMs("tgtd killed").orElseThrow());
        assertEquals(0, r.failures(), r.summary());
        workload.assertEveryAcknowledgedWriteKept(r);
    }

    @Test
    void oneLinkFlappingUnderLoadLosesNothingAndLeaksNoSession() throws Exception {
        Link flapping = activeLink();
        workload.mark("flapping starts");
        // down long enough for the keepalive to declare the path dead (1 s + 2 s), up long enough
        // for a re-login: every cycle fails the path and reinstates it
        for (int i = 0; i < FLAPS; i++) {
            flapping.down();
            LockSupport.parkNanos(FLAP_DOWN.toNanos());
            flapping.up();
            LockSupport.parkNanos(FLAP_UP.toNanos());
        }
        workload.mark("flapping ends");
        workload.awaitCompletionsAfter("flapping ends", 500, PROGRESS);
        Set<String> expected = Set.of(target.a().hostAddress(), target.b().hostAddress());
        Await.until("exactly one session per path at the target", Duration.ofSeconds(40), () -> {
            List<TgtdShow.Nexus> sessions = target.tgtd().sessions(TwoPathTarget.TID);
            return sessions.size() == 2 && sessions.stream().map(n -> n.connections().get(0))
                    .collect(Collectors.toSet()).equals(expected);
        }, () -> target.tgtd().showTargets());
        Workload.Result r = workload.stop();

        System.out.printf("[mpio] flapping %s: longest time without a completion %.0f ms%n",
                flapping.hostInterface(), workload.timeline().gapAfterMs("flapping starts").orElseThrow());
        List<TgtdShow.Nexus> sessions = target.tgtd().sessions(TwoPathTarget.TID);
        assertEquals(2, sessions.size(), "one session per path, none leaked: " + sessions);
        LunbridgeStatus.PathStatus flapped = pathOn(flapping);
        assertTrue(flapped.failures() >= FLAPS / 2, "the flapping path failed again and again (and came back): "
                + flapped);
        assertTrue(sessions.stream().allMatch(n -> n.connections().size() == 1), sessions.toString());
        assertEquals(0, r.failures(), r.summary());
        workload.assertEveryAcknowledgedWriteKept(r);
    }

    private LunbridgeStatus.PathStatus pathOn(Link link) {
        LunbridgeStatus.Device device = LunbridgeStatus.device(serve.control(), target.export(1));
        String portal = link.peerAddress() + ":3260";
        return device.paths().stream().filter(p -> portal.equals(p.portal())).findFirst()
                .orElseThrow(() -> new AssertionError("no path to " + portal + " in " + device));
    }
}
