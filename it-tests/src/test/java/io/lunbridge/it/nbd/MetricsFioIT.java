package io.lunbridge.it.nbd;

import static io.lunbridge.it.nbd.NbdClients.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metrics of {@code lunbridge serve} against a real tgtd LUN driven by fio's nbd engine: the
 * request and byte counters move by exactly the I/Os and bytes fio reports, the latency histogram
 * counts them too, and the text parses with the Prometheus Python client's parser. Scraped with
 * curl over the Unix socket and, from inside the target's namespace, over the TCP address; the
 * session's PDU counters (and the same per-LUN counters) read with {@code lunbridge status --metrics}
 * through the control socket move with the I/O.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsFioIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:metrics";
    private static final String LUN = IQN + "/lun1";
    private static final int TCP_PORT = 19573;
    private static final String PDUS = "lunbridge_session_pdus_total";
    private static final String BY_OPCODE = "lunbridge_session_opcode_pdus_total";

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    static Map<String, Double> parse(Path work, String text) {
        return PrometheusScrape.parse(work, text);
    }

    static double get(Map<String, Double> samples, String name, String op) {
        return PrometheusScrape.get(samples, name, "lun", LUN, "op", op);
    }

    /** fio's JSON report: total_ios and io_bytes of reads and writes. */
    static long fio(String json, String direction, String field) {
        Matcher m = Pattern.compile("\"" + direction + "\"\\s*:\\s*\\{[^}]*?\"" + field + "\"\\s*:\\s*(\\d+)",
                Pattern.DOTALL).matcher(json);
        assertTrue(m.find(), "no " + direction + "." + field + " in fio's report:\n" + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void countersMoveByExactlyTheIosFioReports() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 64L << 20);
        tgtd.bindAll(1);
        Path work = hosts.register("work dir", new TmpfsDir("lbit-metrics")).path();
        Path socket = work.resolve("metrics.sock");
        String tcp = ns.hostAddress() + ":" + TCP_PORT;
        Path control = work.resolve("ctl.sock");
        ServeProcess serve = hosts.register("serve", ServeProcess.start(tgtd.portal(), IQN,
                "iqn.2026-12.io.lunbridge.it:metrics-client", work, "--metrics-socket", socket.toString(),
                "--metrics-listen", tcp, "--control", control.toString()));

        Map<String, Double> before = parse(work, ok("curl", "-sSf", "--unix-socket", socket.toString(),
                "http://lunbridge/metrics"));
        Map<String, Double> sessionBefore = PrometheusScrape.viaControl(work, control);
        String report = ok("fio", "--name=metrics", "--ioengine=nbd", "--uri=" + serve.uri(LUN), "--rw=randrw",
                "--bs=4k", "--size=16m", "--iodepth=8", "--io_size=24m", "--output-format=json");
        Map<String, Double> after = parse(work, ok("curl", "-sSf", "--unix-socket", socket.toString(),
                "http://lunbridge/metrics"));
        Map<String, Double> sessionAfter = PrometheusScrape.viaControl(work, control);

        long reads = fio(report, "read", "total_ios");
        long writes = fio(report, "write", "total_ios");
        assertTrue(reads > 100 && writes > 100, "fio did mixed I/O: " + reads + " reads, " + writes + " writes");
        assertEquals(reads, get(after, "lunbridge_block_requests_total", "read")
                - get(before, "lunbridge_block_requests_total", "read"));
        assertEquals(writes, get(after, "lunbridge_block_requests_total", "write")
                - get(before, "lunbridge_block_requests_total", "write"));
        assertEquals(fio(report, "read", "io_bytes"), get(after, "lunbridge_block_bytes_total", "read")
                - get(before, "lunbridge_block_bytes_total", "read"));
        assertEquals(fio(report, "write", "io_bytes"), get(after, "lunbridge_block_bytes_total", "write")
                - get(before, "lunbridge_block_bytes_total", "write"));
        assertEquals(reads, get(after, "lunbridge_block_request_duration_seconds_count", "read")
                - get(before, "lunbridge_block_request_duration_seconds_count", "read"));
        assertEquals(0.0, after.get("lunbridge_block_in_flight_requests{lun=\"" + LUN + "\"}"));
        assertTrue(after.keySet().stream().noneMatch(k -> k.startsWith("lunbridge_block_errors_total")),
                "no errors: " + after.keySet());

        // The session's counters, read through the control socket (`lunbridge status --metrics`).
        List<String> path = List.of("target", IQN, "interface", "", "portal", tgtd.portal());
        double sentBefore = PrometheusScrape.get(sessionBefore, PDUS, path, "direction", "sent");
        assertTrue(sentBefore > 0, "the login and the LUN probes were counted: " + sentBefore);
        assertTrue(PrometheusScrape.get(sessionAfter, PDUS, path, "direction", "received")
                > PrometheusScrape.get(sessionBefore, PDUS, path, "direction", "received"));
        String[] scsiCommands = {"direction", "sent", "opcode", "scsi_command"};
        double commands = PrometheusScrape.get(sessionAfter, BY_OPCODE, path, scsiCommands)
                - PrometheusScrape.get(sessionBefore, BY_OPCODE, path, scsiCommands);
        assertTrue(commands >= reads + writes, "one SCSI command per fio I/O at least (" + commands + " for "
                + (reads + writes) + " I/Os)");
        assertTrue(PrometheusScrape.get(sessionAfter, PDUS, path, "direction", "sent") >= sentBefore + reads + writes);
        assertEquals(1.0, PrometheusScrape.get(sessionAfter, "lunbridge_session_logins_total", path));
        assertEquals(0.0, PrometheusScrape.get(sessionAfter, "lunbridge_session_relogins_total", path));
        assertEquals(1.0, PrometheusScrape.get(sessionAfter, "lunbridge_session_logged_in", path));
        assertEquals(0.0, PrometheusScrape.get(sessionAfter, "lunbridge_session_digest_errors_total", path,
                "digest", "header"));
        // … next to the per-LUN counters of the same process, as the metrics endpoint has them
        assertEquals(get(after, "lunbridge_block_requests_total", "write"),
                get(sessionAfter, "lunbridge_block_requests_total", "write"));
        assertTrue(sessionAfter.containsKey("lunbridge_device_state{lun=\"" + LUN + "\",state=\"RUNNING\"}"),
                sessionAfter.keySet().toString());

        // The TCP listener, scraped from the target's side of the veth.
        ProcessResult viaTcp = ProcessRunner.runAllowingFailure(Command.of("curl", "-sSf", "http://" + tcp + "/metrics")
                .inNamespace(ns.name()), Duration.ofSeconds(30));
        assertEquals(0, viaTcp.exitCode(), viaTcp.describe());
        assertEquals(get(after, "lunbridge_block_requests_total", "write"),
                get(parse(work, viaTcp.stdout()), "lunbridge_block_requests_total", "write"));
    }
}
