package io.lunbridge.it.slp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.nbd.ServeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured DA behind a router that has no way to it: the router answers the SrvRqst with a
 * real ICMP host unreachable (type 3 code 1, from {@code ip route add unreachable}), and the DA's
 * attempt ends on it at once, after the first transmission, instead of retransmitting until
 * CONFIG_RETRY_MAX (15 s). {@code lunbridge discover} runs in the initiator's own namespace, so
 * that namespace's ICMP counters show that the error really arrived.
 *
 * <pre>
 *   initiator ns --veth--> router ns (ip_forward=1, unreachable 198.18.4.1/32)
 *   route 198.18.4.1/32 via the router
 * </pre>
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SlpHostUnreachableIT {
    /** The DA of the openslp captures; here only a route inside the two namespaces. */
    private static final String DA = "198.18.4.1";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void hostUnreachableFromARouterEndsTheDasAttemptAtOnce() {
        NetworkNamespace initiator = hosts.namespace();
        NetworkNamespace router = hosts.namespace();
        Link hop = initiator.linkTo(router);
        router.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        router.exec("ip", "route", "add", "unreachable", DA + "/32");
        initiator.exec("ip", "route", "add", DA + "/32", "via", hop.peerAddress());

        long received = icmp(initiator, "InDestUnreachs");
        long sent = icmp(router, "OutDestUnreachs");
        ProcessResult r = initiator.execAllowingFailure(Duration.ofSeconds(90), "java", "-jar",
                ServeProcess.jar().toString(), "discover", "--slp-da", DA,
                "--config-dir", tmp.resolve("etc").toString(), "--initiator-name",
                "iqn.2026-11.test.lunbridge:initiator");
        long receivedGrowth = icmp(initiator, "InDestUnreachs") - received;
        long sentGrowth = icmp(router, "OutDestUnreachs") - sent;

        assertTrue(sentGrowth >= 1, "the router sent no ICMP destination unreachable: " + r.describe());
        assertTrue(receivedGrowth >= 1, "no ICMP destination unreachable reached the initiator's namespace (the"
                + " router sent " + sentGrowth + "): " + r.describe());
        assertEquals(1, r.exitCode(), "no DA answered and multicast found nothing: " + r.describe());
        // the attempt's end: UNREACHABLE (SILENT, "did not answer", would be the 15 s bound)
        assertTrue(r.stdout().contains("(DA " + DA + ":427 unreachable)"), r.describe());
        assertFalse(r.stdout().contains("did not answer"), r.describe());
        // the reason, and that it ended before the first retransmission (CONFIG_RETRY, 2 s)
        assertTrue(r.stderr().contains("SrvRqst for service:iscsi:target in scope DEFAULT to SLP DA " + DA
                + ":427: ICMP host unreachable (a router on the way has no route to that host), after 1"
                + " transmission of XID "), r.describe());
        System.out.printf("ICMP destination unreachable: router sent %d, initiator's namespace received %d%n",
                sentGrowth, receivedGrowth);
    }

    /** One counter of the Icmp line pair in a namespace's /proc/net/snmp. */
    private static long icmp(NetworkNamespace ns, String counter) {
        List<String> icmp = ns.exec("cat", "/proc/net/snmp").stdout().lines()
                .filter(l -> l.startsWith("Icmp: ")).toList();
        List<String> names = List.of(icmp.get(0).split("\\s+"));
        int column = names.indexOf(counter);
        if (icmp.size() != 2 || column < 1) {
            throw new IllegalStateException("no Icmp " + counter + " in /proc/net/snmp of " + ns.name() + ": " + icmp);
        }
        return Long.parseLong(icmp.get(1).split("\\s+")[column]);
    }
}
