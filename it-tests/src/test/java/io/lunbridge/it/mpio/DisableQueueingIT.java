package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.nbd.ServeProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lunbridge mpio disable-queueing} (what lunbridge-queueing.service runs early in shutdown,
 * like multipathd's {@code disablequeueing maps}): with both links down, I/O queued forever on a
 * {@code queue} device fails with EIO at once, while a device with a finite replacement timeout
 * keeps it and keeps queueing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DisableQueueingIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-noqueue";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-noqueue-client";
    private static final Duration CLI = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(60);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    private TwoPathTarget target;
    private VerifiedWorkload workload;

    private static ProcessResult lunbridge(String... args) {
        Command c = Command.of("java", "-jar", ServeProcess.jar().toString());
        return ProcessRunner.runAllowingFailure(c.args(args), CLI);
    }

    @AfterEach
    void linksUpAndClientClosed() throws Exception {
        if (target != null) {
            for (Link link : target.links()) {
                if (!link.isUp()) {
                    link.up();
                }
            }
        }
        if (workload != null) {
            workload.close();
        }
    }

    @Test
    void queuedIoOfAQueueForeverDeviceFailsAtOnceAndAFiniteTimeoutIsLeftAlone() throws Exception {
        target = TwoPathTarget.create(hosts, IQN, 64L << 20, 64L << 20);
        MpioServe serve = MpioServe.start(hosts, target.bothPaths(INITIATOR, "queue"));
        ProcessResult finite = lunbridge("mpio", "set", "--replacement-timeout", "300", "--device", target.export(2),
                "--control", serve.control().toString());
        assertEquals(0, finite.exitCode(), finite.describe());

        ProcessResult nothing = lunbridge("mpio", "disable-queueing", "--control", serve.control().toString());
        assertEquals(0, nothing.exitCode(), nothing.describe());
        assertTrue(nothing.stdout().contains("queueing disabled for " + target.export(1)), nothing.stdout());
        ProcessResult back = lunbridge("mpio", "set", "--replacement-timeout", "queue", "--device", target.export(1),
                "--control", serve.control().toString());
        assertEquals(0, back.exitCode(), back.describe());

        workload = VerifiedWorkload.start(serve.socket(), target.export(1), target.backing(1),
                Workload.Settings.writeHeavy(System.nanoTime()));
        workload.awaitMoreCompletions(300, PROGRESS);
        workload.mark("both links down");
        target.a().down();
        target.b().down();
        Await.until("device 1 queueing", PROGRESS,
                () -> LunbridgeStatus.device(serve.control(), target.export(1)).state().equals("QUEUEING"),
                serve.serve()::diagnostics);
        Await.until("device 2 queueing", PROGRESS,
                () -> LunbridgeStatus.device(serve.control(), target.export(2)).state().equals("QUEUEING"),
                serve.serve()::diagnostics);
        assertTrue(workload.timeline().failures().isEmpty(), "queue: nothing fails while queueing");

        long disabled = workload.mark("queueing disabled");
        ProcessResult off = lunbridge("mpio", "disable-queueing", "--control", serve.control().toString());
        assertEquals(0, off.exitCode(), off.describe());
        assertTrue(off.stdout().contains("queueing disabled for " + target.export(1)), off.stdout());
        assertTrue(!off.stdout().contains(target.export(2)), "the finite device is not changed: " + off.stdout());
        Await.until("the queued I/O failed", PROGRESS, () -> !workload.timeline().failures().isEmpty(),
                serve.serve()::diagnostics);

        List<Timeline.Failure> failures = workload.timeline().failures();
        assertTrue(failures.stream().allMatch(f -> f.reason().equals("NBD error 5")), "every failure is EIO: "
                + failures.subList(0, Math.min(10, failures.size())));
        assertTrue(failures.stream().anyMatch(f -> f.issuedNanos() < disabled),
                "requests queued before the verb failed: " + failures.subList(0, Math.min(10, failures.size())));
        LunbridgeStatus.Device one = LunbridgeStatus.device(serve.control(), target.export(1));
        LunbridgeStatus.Device two = LunbridgeStatus.device(serve.control(), target.export(2));
        assertEquals("FAILED", one.state(), one.toString());
        assertEquals("QUEUEING", two.state(), "a finite timeout keeps queueing: " + two);
        String json = lunbridge("status", "--control", serve.control().toString(), "--json").stdout();
        assertTrue(json.contains("\"replacementTimeout\":\"0\""), json);
        assertTrue(json.contains("\"replacementTimeout\":\"300\""), json);
        System.out.printf("[mpio] disable-queueing: %d queued/new requests failed with EIO%n", failures.size());
    }
}
