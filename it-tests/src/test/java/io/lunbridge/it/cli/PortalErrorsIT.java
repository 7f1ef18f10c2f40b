package io.lunbridge.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads when the portal is wrong, from real network failures in a test namespace:
 * "connection refused" (nothing on the port), "no route to host" (no neighbour answers ARP), an
 * unspecified or own address refused before connecting; and a failed
 * {@code attach --lun 999} that leaves no mount directory behind.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PortalErrorsIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:portal-errors";
    private static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    private ProcessResult lunbridge(NetworkNamespace in, String... args) {
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx128m", "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--config-dir", tmp.resolve("etc").toString()));
        Command c = Command.of(argv.toArray(String[]::new));
        return ProcessRunner.runAllowingFailure(in == null ? c : in.command(c), Duration.ofSeconds(90));
    }

    private static void failsWith(ProcessResult r, String text) {
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(text), r.describe());
        assertFalse(r.stderr().contains("null"), r.describe());
    }

    @Test
    void refusedUnreachableAndLocalPortalsSayWhatIsWrong() {
        NetworkNamespace ns = hosts.namespace();
        failsWith(lunbridge(null, "luns", "--portal", ns.peerAddress() + ":3299", "--target", IQN),
                "cannot connect to portal " + ns.peerAddress() + ":3299: connection refused");
        ns.exec("ip", "addr", "add", "198.19.254.1/24", "dev", ns.peerInterface());
        failsWith(lunbridge(ns, "luns", "--portal", "198.19.254.9", "--target", IQN),
                "cannot connect to portal 198.19.254.9:3260: no route to host");
        failsWith(lunbridge(null, "luns", "--portal", "0.0.0.0", "--target", IQN),
                "portal 0.0.0.0:3260 is the unspecified address");
        failsWith(lunbridge(null, "luns", "--portal", ns.hostAddress(), "--target", IQN),
                "portal " + ns.hostAddress() + ":3260 is an address of this host (interface " + ns.hostInterface() + ")");
    }

    @Test
    void aFailedAttachOfAMissingLunLeavesNoMountDirectory() {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 8L << 20);
        tgtd.bindAll(1);
        Path mountDir = tmp.resolve("fuse");
        ProcessResult r = lunbridge(null, "attach", "--mode", "fuse-loop", "--portal", ns.peerAddress(), "--target", IQN,
                "--lun", "999", "--mount-dir", mountDir.toString());
        failsWith(r, "target " + IQN + " has no LUN 999");
        assertFalse(Files.exists(mountDir), "no mount directory left behind");
        assertEquals(0, tgtd.connectionCount(1), "logged out");
    }
}
