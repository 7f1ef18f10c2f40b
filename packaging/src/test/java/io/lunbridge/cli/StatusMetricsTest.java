package io.lunbridge.cli;

import static io.lunbridge.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.app.control.ControlServer;
import io.lunbridge.app.metrics.MetricsControl;
import io.lunbridge.app.metrics.MetricsRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lunbridge status --metrics} against a control socket, and without a process. */
class StatusMetricsTest {
    @TempDir
    Path tmp;

    @Test
    void theMetricsOfAProcessArePrintedThroughItsControlSocket() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("lunbridge_test_requests_total", "requests", "lun").labelValues("iqn.t/lun1").inc(5);
        Path sock = tmp.resolve("ctl.sock");
        try (ControlServer s = ControlServer.start(sock, Map.of(MetricsControl.VERB, MetricsControl.verb(registry)))) {
            CliRun r = run("status", "--metrics", "--control", sock.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("# TYPE lunbridge_test_requests_total counter\n"), r.out());
            assertTrue(r.out().contains("lunbridge_test_requests_total{lun=\"iqn.t/lun1\"} 5.0\n"), r.out());
        }
    }

    @Test
    void aProcessThatDoesNotAnswerMetricsIsAnErrorWithExitStatus1() throws Exception {
        Path sock = tmp.resolve("old.sock");
        try (ControlServer s = ControlServer.start(sock, Map.of("status", r -> ControlReply.ok("text")))) {
            CliRun r = run("status", "--metrics", "--control", sock.toString());
            assertEquals(1, r.status(), r.out());
            assertTrue(r.err().contains("unknown request 'metrics'"), r.err());
            assertTrue(r.err().contains("no lunbridge serve or attach process answered: no metrics to print"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aControlSocketThatIsNotThereIsNamed() {
        Path gone = tmp.resolve("gone.sock");
        CliRun r = run("status", "--metrics", "--control", gone.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("control socket " + gone + ": no such file (is the process running?)"), r.err());
    }
}
