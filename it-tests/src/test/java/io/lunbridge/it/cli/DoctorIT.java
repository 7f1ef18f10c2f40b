package io.lunbridge.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lunbridge doctor} on this real host: what it says must agree with the kernel. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DoctorIT {
    @TempDir
    Path tmp;

    @Test
    void agreesWithTheRunningKernel() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(config.resolve("initiatorname"), "InitiatorName=iqn.2026-12.io.lunbridge.it:doctor\n");
        CliRun run = CliRun.of("doctor", "--config-dir", config.toString());
        int status = run.status();
        String report = run.out();

        boolean nbdLoaded = Files.exists(Path.of("/sys/module/nbd"));
        boolean fuseLoop = Files.exists(Path.of("/dev/fuse")) && Files.exists(Path.of("/dev/loop-control"));
        String nbdLine = report.lines().filter(l -> l.contains("nbd module:")).findFirst().orElseThrow();
        if (nbdLoaded) {
            assertTrue(nbdLine.startsWith("OK"), report);
        } else {
            assertTrue(nbdLine.startsWith("WARN"), report);
            if (fuseLoop) {
                assertTrue(report.contains("attach: possible: LUNs become loop devices over FUSE files (FUSE + loop)"),
                        report);
            }
        }
        assertTrue(report.contains("OK   initiator name: iqn.2026-12.io.lunbridge.it:doctor"), report);
        assertTrue(report.contains("OK   Java runtime: Java " + Runtime.version().feature()), report);
        assertTrue(report.contains("OK   permissions: running as root"), report);
        // sysctl(8) as the independent reading (Files.readString of a /proc/sys file reads only its first byte)
        Process sysctl = new ProcessBuilder("sysctl", "-n", "net.core.rmem_max").start();
        String rmem = new String(sysctl.getInputStream().readAllBytes()).trim();
        assertEquals(0, sysctl.waitFor());
        assertTrue(report.contains("net.core.rmem_max=" + rmem + ","), "sysctl values read whole:\n" + report);
        for (String line : report.lines().toList()) {
            assertTrue(line.matches("(OK|WARN|FAIL) .*|     fix: .*"), "every line OK or a fix: " + line);
        }
        assertEquals(nbdLoaded || fuseLoop ? 0 : 1, status, report);
    }
}
