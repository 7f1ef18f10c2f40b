package io.lunbridge.it.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon at boot (issue 10, "How it is shown"), in a qemu guest booted with systemd as PID 1
 * ({@code lunbridge-vm.sh} with {@code LUNBRIDGE_VM_FLAVOUR=systemd}: the host root read-only under a
 * tmpfs overlay, {@code it-tests/vm/systemd-boot-guest.sh} installs the units, then switch_root to
 * systemd). The store is made here with {@code lunbridge target add} and {@code target set
 * startup=automatic}; in the guest, tgtd runs in a network namespace behind a veth pair
 * (lbtest-tgtd.service, before network-online.target), systemd starts the project's
 * {@code systemd/lunbridge.service} (Type=notify) and an fstab line {@code /etc/lbtest/disk /mnt/lb ext4
 * _netdev} (a link to /dev/loop0, the daemon's loop device) mounts the LUN's filesystem. The guest's own check unit writes the results to the run
 * directory and powers off; the journal is taken when lbtest-journal.service stops, after lunbridge and
 * tgtd.
 *
 * <p>Asserted on the journal: the daemon's READY comes before the mount starts (systemd logs
 * "Started" for a Type=notify unit only at READY=1); at shutdown the mount is unmounted before the
 * daemon is told to stop, the daemon then detaches and logs out, in that order, and never waits for a
 * disk in use; tgtd lists the initiator's session while up and none when it is stopped (after the
 * daemon). The guest checks that systemctl shows the daemon active with its STATUS= line and that
 * the mount takes writes. Without device units (no udev in the guest; /sys is read-only so systemd
 * does not wait for devices), a mount ordered wrongly would find /dev/loop0 unbound and fail.
 */
@Timeout(value = 21, unit = TimeUnit.MINUTES)
class SystemdBootVmIT {
    private static final Duration VM_LIMIT = Duration.ofMinutes(20);
    private static final int TAIL_LINES = 80;
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:sdguest";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:sdguest-initiator";

    private Path runDir;
    private Process qemu;

    @AfterEach
    void cleanUp() {
        if (qemu != null) {
            ProcessRunner.kill(qemu);
        }
        if (runDir != null) {
            WorkDirs.deleteRecursively(runDir);
        }
    }

    @Test
    void daemonStartedBySystemdBeforeTheNetdevMountWhichIsUnmountedBeforeItDetachesAndLogsOut() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path jar = root.resolve("packaging/target/lunbridge.jar");
        Path vm = root.resolve("it-tests/vm/lunbridge-vm.sh");
        Path script = root.resolve("it-tests/vm/systemd-boot-guest.sh");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": build the packaging module first (mvn package)");
        runDir = Files.createTempDirectory("lunbridge-vm-");
        List<String> store = List.of("--store", runDir.resolve("store.db").toString());
        CliRun add = CliRun.of(store, "target", "add", IQN, "--portal", "198.18.250.2");
        assertEquals(0, add.status(), add.err());
        CliRun set = CliRun.of(store, "target", "set", IQN, "startup=automatic");
        assertEquals(0, set.status(), set.err());
        Files.writeString(runDir.resolve("params"), "LUNBRIDGE_JAR=" + jar + "\n", StandardCharsets.UTF_8);
        // the class-data-sharing archive the package's postinst would make, here for the checkout's jar:
        // it halves the JVM's class loading, which the emulated CPU makes slow
        List<String> archive = new ArrayList<>(List.of(root.resolve("packaging/src/dist/cds-archive").toString(),
                runDir.resolve("lunbridge.jsa").toString(), jar.toString(), "java"));
        for (String line : Files.readAllLines(root.resolve("packaging/src/dist/jvm.options"))) {
            String option = line.replaceAll("#.*", "").strip();
            if (!option.isEmpty()) {
                archive.add(option);
            }
        }
        ProcessRunner.run(Command.of(archive.toArray(String[]::new)), Duration.ofMinutes(3));

        Path console = runDir.resolve("console.log");
        long start = System.nanoTime();
        qemu = ProcessRunner.start(Command.of(vm.toString(), runDir.toString(), script.toString())
                .env("LUNBRIDGE_VM_FLAVOUR", "systemd"), console, console);
        if (!ProcessRunner.awaitExit(qemu, VM_LIMIT)) {
            fail("the guest did not power off within " + VM_LIMIT + "\n" + report(console));
        }
        System.out.printf("SystemdBootVmIT: boot to poweroff %d s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds());
        Path rc = runDir.resolve("rc");
        String status = Files.exists(rc) ? Files.readString(rc).trim() : "none (qemu exited " + qemu.exitValue() + ")";
        assertEquals("0", status, "the guest's checks\n" + report(console));
        Path journalFile = runDir.resolve("journal.txt");
        assertTrue(Files.exists(journalFile), "no journal taken at shutdown\n" + report(console));
        Journal journal = new Journal(Files.readAllLines(journalFile, StandardCharsets.UTF_8));

        String show = Files.readString(runDir.resolve("status.txt"));
        assertTrue(show.contains("Active: active (running)") && show.contains("Status: \"1 device, 0 queueing\""),
                "systemctl status lunbridge: " + show);

        // boot: READY=1 (systemd's "Started" of a Type=notify unit) before the _netdev mount starts
        int ready = journal.first("daemon ATTACHING -> READY");
        int started = journal.first("Started lunbridge.service");
        int mounting = journal.first("Mounting mnt-lb.mount");
        int mounted = journal.first("Mounted mnt-lb.mount");
        assertTrue(ready < started, "the daemon's READY before systemd's Started\n" + journal.around(started));
        assertTrue(started < mounting && mounting < mounted,
                "lunbridge.service started (READY=1) before the _netdev mount\n" + journal.around(mounting));

        // shutdown: unmounted, then the daemon stops: detach, logout; tgtd stopped after it
        int unmounted = journal.first("Unmounted mnt-lb.mount");
        int stopping = journal.first("Stopping lunbridge.service");
        int sigterm = journal.first("daemon READY -> STOPPING");
        int loggedOut = journal.first("logged out of " + IQN);
        int stopped = journal.first("Stopped lunbridge.service");
        int tgtdStop = journal.first("lbtest-tgtd: sessions at stop: ");
        assertTrue(mounted < unmounted && unmounted < stopping,
                "the mount unmounted before the daemon is stopped\n" + journal.around(stopping));
        assertTrue(stopping < sigterm && sigterm < loggedOut && loggedOut < stopped,
                "the daemon stops, then detaches and logs out\n" + journal.around(loggedOut));
        assertTrue(journal.lines().subList(sigterm, loggedOut).stream().anyMatch(l -> l.contains("/dev/loop0 detached")),
                "a detach line between the daemon's stop and its logout\n" + journal.around(loggedOut));
        assertTrue(stopped < tgtdStop, "tgtd stopped after the daemon\n" + journal.around(tgtdStop));
        assertEquals(-1, journal.indexOf("left attached until last"),
                "the daemon found its disk still in use at stop\n" + journal.around(stopping));

        String up = Files.readString(runDir.resolve("tgtd-while-up.txt"));
        String atStop = Files.readString(runDir.resolve("tgtd-at-stop.txt"));
        assertTrue(up.contains("Initiator: " + INITIATOR), "tgtd shows the daemon's session while up: " + up);
        assertTrue(atStop.contains("Target 1: " + IQN) && !atStop.contains("Initiator: " + INITIATOR),
                "tgtd shows no session once the daemon stopped: " + atStop);
    }

    private String report(Path console) throws IOException {
        return "--- guest.log (tail)\n" + tail(runDir.resolve("guest.log")) + "--- journal (tail)\n"
                + tail(runDir.resolve("journal.txt")) + "--- console (tail)\n" + tail(console);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no " + file.getFileName() + ")\n";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) + "\n";
    }

    /** The guest's journal of one boot, in journal order ({@code journalctl -b -o short-monotonic}). */
    private record Journal(List<String> lines) {
        int indexOf(String text) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i;
                }
            }
            return -1;
        }

        /** The first line containing {@code text}; fails the test when there is none. */
        int first(String text) {
            int i = indexOf(text);
            if (i < 0) {
                fail("no journal line with '" + text + "'\n" + String.join("\n", lines));
            }
            return i;
        }

        String around(int index) {
            return String.join("\n", lines.subList(Math.max(0, index - 30), Math.min(lines.size(), index + 30)));
        }
    }
}
