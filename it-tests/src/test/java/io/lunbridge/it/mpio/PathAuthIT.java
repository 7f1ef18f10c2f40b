package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.nbd.TmpfsDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CHAP secret changed at the target while one path is down: when its link comes back that path
 * cannot log in again and stays FAILED with an authentication reason in {@code lunbridge status},
 * while the other path (whose session predates the change) carries the I/O without an error.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PathAuthIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-auth";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-auth-client";
    private static final Duration PROGRESS = Duration.ofSeconds(60);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @Test
    void aPathWhoseChapSecretChangedStaysFailedWithAnAuthenticationReason() throws Exception {
        TwoPathTarget target = TwoPathTarget.create(hosts, IQN, 64L << 20);
        target.tgtd().addChapUser(INITIATOR, "first-secret-0001");
        target.tgtd().bindChap(TwoPathTarget.TID, INITIATOR);
        Path secret = hosts.register("secret dir", new TmpfsDir("lbit-mpio-auth")).path().resolve("chap");
        Files.writeString(secret, "first-secret-0001\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        MpioServe serve = MpioServe.start(hosts, target.bothPaths(INITIATOR, Integer.toString(PathFailoverIT.TIMEOUT_S))
                .extra("--chap-secret-file", secret.toString()));
        try (VerifiedWorkload w = VerifiedWorkload.start(serve.socket(), target.export(1), target.backing(1),
                Workload.Settings.writeHeavy(System.nanoTime()))) {
            w.awaitMoreCompletions(300, PROGRESS);
            Link cut = LinkTraffic.busiest(target.links(), 500, 256 << 10);
            Link other = target.other(cut);
            try {
                w.mark("link down");
                cut.down();
                target.tgtd().changeChapSecret(TwoPathTarget.TID, INITIATOR, "second-secret-0002");
                w.awaitCompletionsAfter("link down", 300, PROGRESS);
                w.mark("link up");
                cut.up();
                String portal = cut.peerAddress() + ":3260";
                Await.until("the path to " + portal + " is FAILED for authentication", PROGRESS,
                        () -> isFailedForAuthentication(path(serve, target, portal)),
                        () -> LunbridgeStatus.devices(serve.control()).toString());
                LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // re-login attempts keep failing
                LunbridgeStatus.PathStatus still = path(serve, target, portal);
                assertTrue(isFailedForAuthentication(still), "still FAILED after further attempts: " + still);
                LunbridgeStatus.PathStatus carrying = path(serve, target, other.peerAddress() + ":3260");
                assertTrue(carrying.active() && carrying.state().equals("ACTIVE"), carrying.toString());
                assertEquals(other, LinkTraffic.busiest(target.links(), 500, 256 << 10), "the other path carries the I/O");
                w.awaitCompletionsAfter("link up", 300, PROGRESS);
            } finally {
                if (!cut.isUp()) {
                    cut.up();
                }
            }
            Workload.Result r = w.stop();
            assertEquals(0, r.failures(), r.summary());
            w.assertEveryAcknowledgedWriteKept(r);
        }
    }

    private static boolean isFailedForAuthentication(LunbridgeStatus.PathStatus p) {
        return p.state().equals("FAILED") && !p.active() && p.reason() != null
                && p.reason().toLowerCase(Locale.ROOT).contains("auth");
    }

    private static LunbridgeStatus.PathStatus path(MpioServe serve, TwoPathTarget target, String portal) {
        LunbridgeStatus.Device d = LunbridgeStatus.device(serve.control(), target.export(1));
        return d.paths().stream().filter(p -> portal.equals(p.portal())).findFirst()
                .orElseThrow(() -> new AssertionError("no path to " + portal + ": " + d));
    }
}
