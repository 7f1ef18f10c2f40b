package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.nbd.ServeProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lunbridge mpio set} changes the replacement timeout of a running serve through its control
 * socket, for every device or the one named; a device no process has is an error naming it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MpioSetIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-set";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-set-client";
    private static final Duration CLI = Duration.ofSeconds(60);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    private static ProcessResult lunbridge(String... args) {
        Command c = Command.of("java", "-jar", ServeProcess.jar().toString());
        return ProcessRunner.runAllowingFailure(c.args(args), CLI);
    }

    private static String statusJson(MpioServe s) {
        ProcessResult r = lunbridge("status", "--control", s.control().toString(), "--json");
        assertEquals(0, r.exitCode(), r.describe());
        return r.stdout();
    }

    @Test
    void theReplacementTimeoutOfARunningServeIsChangedByDeviceName() {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, 64L << 20);
        MpioServe s = MpioServe.start(hosts, t.bothPaths(INITIATOR, "300"));
        assertTrue(statusJson(s).contains("\"replacementTimeout\":\"300\""), statusJson(s));

        ProcessResult set = lunbridge("mpio", "set", "--replacement-timeout", "7", "--device", t.export(1),
                "--control", s.control().toString());
        assertEquals(0, set.exitCode(), set.describe());
        assertTrue(set.stdout().contains("replacement timeout 7 for " + t.export(1)), set.stdout());
        assertTrue(statusJson(s).contains("\"replacementTimeout\":\"7\""), statusJson(s));

        ProcessResult forever = lunbridge("mpio", "set", "--replacement-timeout", "queue", "--control",
                s.control().toString());
        assertEquals(0, forever.exitCode(), forever.describe());
        assertTrue(statusJson(s).contains("\"replacementTimeout\":\"queue\""), statusJson(s));

        ProcessResult unknown = lunbridge("mpio", "set", "--replacement-timeout", "5", "--device", "no-such-lun",
                "--control", s.control().toString());
        assertEquals(1, unknown.exitCode(), unknown.describe());
        assertTrue(unknown.stderr().contains("no running process has device no-such-lun"), unknown.stderr());

        ProcessResult bad = lunbridge("mpio", "set", "--replacement-timeout", "soon", "--control", s.control().toString());
        assertEquals(1, bad.exitCode(), bad.describe());
        assertTrue(bad.stderr().contains("replacement timeout 'soon': expected a number of seconds or 'queue'"),
                bad.stderr());
        assertTrue(statusJson(s).contains("\"replacementTimeout\":\"queue\""), "unchanged by the refused value");
    }
}
