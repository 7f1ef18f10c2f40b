package io.lunbridge.it.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.TargetHostExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code discover --slp-da HOST} without a configuration file, against a replayed openslp directory
 * agent in a network namespace, and {@code --add} of what it found.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SlpOneShotIT {
    private static final String DA = "198.18.4.1";
    private static final String SA1 = "198.18.4.11";
    private static final String SA2 = "198.18.4.12";
    private static final String PREFIX = "iqn.2026-11.test.lunbridge:";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void directoryAgentNamedOnTheCommandLine() {
        NetworkNamespace ns = hosts.namespace();
        SlpResponder.start(hosts, ns, SlpResponder.Spec.role(DA, "02-srvrqst-unicast-da.hex", "04-attrrqst.hex")
                .map(SA1, ns.peerAddress()).map(SA2, ns.peerAddress()));
        Path store = tmp.resolve("store.db");
        CliRun r = CliRun.of("discover", "--slp-da", ns.peerAddress(), "--add", store.toString(),
                "--config-dir", tmp.resolve("etc").toString(), "--initiator-name", PREFIX + "initiator");
        String o = r.out();
        assertEquals(0, r.status(), r.err() + o);
        // the capture's DA knows disk1..disk4 and has attributes (portal group 1) for disk2 only
        assertTrue(o.startsWith("slp (DA " + ns.peerAddress() + ":427, scopes DEFAULT): 4 targets\n"), o);
        assertTrue(o.contains(PREFIX + "disk1 " + ns.peerAddress() + ":3260 "), o);
        assertTrue(o.contains(PREFIX + "disk2 " + ns.peerAddress() + ":3260,1 "), o);
        assertTrue(o.contains("store " + store + ": " + PREFIX + "disk1 added"), o);
        assertTrue(o.contains("store " + store + ": " + PREFIX + "disk2 added"), o);
    }
}
