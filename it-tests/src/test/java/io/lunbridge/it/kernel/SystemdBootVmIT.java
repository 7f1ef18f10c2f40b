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
 * startup=automatic vgs=lbvg}; in the guest, tgtd runs in a network namespace behind a veth pair
 * (lbtest-tgtd.service, before network-online.target; its backing file holds VG lbvg with one LV and
 * ext4 on it, made through a loop device, deactivated and with autoactivation off), systemd starts the
 * project's {@code systemd/lunbridge.service} (Type=notify; the daemon in its default mode, auto, i.e.
 * netlink: the guest's kernel has nbd) and {@code lunbridge-queueing.service} (enabled), and an fstab
 * line {@code /etc/lbtest/disk /mnt/lb ext4 _netdev} (a link to /dev/mapper/lbvg-lblv) mounts the LV.
 * The guest's own check unit then runs {@code systemctl restart lunbridge} under an O_DIRECT + fsync
 * writer on the mount, writes the results to the run directory and powers off; the journal is taken
 * when lbtest-journal.service stops, after lunbridge and tgtd.
 *
 * <p>Asserted on the journal: at boot the target is attached as /dev/nbd0 (netlink), then the daemon
 * activates the VG, then READY, systemd's "Started" (logged for a Type=notify unit only at READY=1),
 * then the mount; at the restart the first daemon hands /dev/nbd0 over (its VG left active: the LV is
 * mounted) and logs out, the next takes /dev/nbd0 over and activates the VG, all before any unmount;
 * at shutdown lunbridge-queueing stops (disable-queueing: "none queueing forever") before the mount is
 * unmounted, then the daemon is told to stop and deactivates the VG, detaches /dev/nbd0 and logs out,
 * in that order, never waiting for a disk in use; tgtd lists the initiator's session while up and
 * none when it is stopped (after the daemon). From the guest: systemctl shows the daemon active with
 * its STATUS= line, before and after the restart; across the restart the same nbd0 with the same
 * backend identifier and holder, the same mount, a new daemon pid, and the writer finished without
 * error, every file read back identical with O_DIRECT. Without device units (no udev in the guest;
 * /sys is read-only so systemd does not wait for devices), a mount ordered wrongly would find no LV
 * and fail.
 */
@Timeout(value = 32, unit = TimeUnit.MINUTES)
class SystemdBootVmIT {
    // two daemon starts (boot, restart) of a JVM under TCG on a loaded host, each up to minutes
    private static final Duration VM_LIMIT = Duration.ofMinutes(30);
    private static final int TAIL_LINES = 80;
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:sdguest";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:sdguest-initiator";
    private static final String VG = "lbvg";
    private static final String LV = "/dev/mapper/lbvg-lblv";

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
    void daemonStartedBySystemdActivatesTheVgBeforeTheNetdevMountKeepsNbd0AcrossRestartAndDetachesAfterUnmount()
            throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path jar = root.resolve("packaging/target/lunbridge.jar");
        Path vm = root.resolve("it-tests/vm/lunbridge-vm.sh");
        Path script = root.resolve("it-tests/vm/systemd-boot-guest.sh");
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": build the packaging module first (mvn package)");
        runDir = Files.createTempDirectory("lunbridge-vm-");
        List<String> store = List.of("--store", runDir.resolve("store.db").toString());
        CliRun add = CliRun.of(store, "target", "add", IQN, "--portal", "198.18.250.2");
        assertEquals(0, add.status(), add.err());
        CliRun set = CliRun.of(store, "target", "set", IQN, "startup=automatic", "vgs=" + VG);
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

        // boot: the VG made inactive with autoactivation off; the daemon (mode auto -> netlink) attaches
        // /dev/nbd0, activates the VG, then READY=1 (systemd's "Started" of a Type=notify unit), then the mount
        int made = journal.first("lbtest-tgtd: volume group " + VG + " made on the LUN: inactive, autoactivation off");
        int mode = journal.first("attach mode netlink (--mode auto: the kernel has the nbd driver)");
        int nbd = journal.first("LUN 1 of " + IQN + " attached as /dev/nbd0 (netlink, ");
        int attached = journal.first("target " + IQN + " attached: [/dev/nbd0]");
        int activated = journal.first("target " + IQN + ": volume group " + VG + " activated");
        int ready = journal.first("daemon: ATTACHING -> READY");
        int started = journal.first("Started lunbridge.service");
        int mounting = journal.first("Mounting mnt-lb.mount");
        int mounted = journal.first("Mounted mnt-lb.mount");
        assertTrue(made < mode && mode < nbd && nbd < attached, "the VG made before the daemon attached /dev/nbd0 in "
                + "netlink mode\n" + journal.around(nbd));
        assertTrue(attached < activated && activated < ready,
                "the VG activated after the attach, before READY\n" + journal.around(activated));
        assertTrue(ready < started, "the daemon's READY before systemd's Started\n" + journal.around(started));
        assertTrue(started < mounting && mounting < mounted,
                "lunbridge.service started (READY=1) before the _netdev mount\n" + journal.around(mounting));
        int queueing = journal.first("Finished lunbridge-queueing.service");
        assertTrue(started < queueing, "lunbridge-queueing started with the daemon\n" + journal.around(queueing));

        // systemctl restart lunbridge under the writer: handed over (the VG stays active under the
        // mount), logged out, taken over as the same /dev/nbd0, VG activated; the mount stays
        int restart = journal.first("lbtest: systemctl restart lunbridge with the writer running");
        int handOver = journal.first("target " + IQN + " is in use (", restart);
        int handedOver = journal.first("/dev/nbd0 handed over: left configured in the kernel", handOver);
        int leftForNext = journal.first("logged out of " + IQN + " (devices left for the next daemon)", handedOver);
        int takenOver = journal.first("LUN 1 of " + IQN + " taken over as /dev/nbd0 (netlink, ", leftForNext);
        int reactivated = journal.first("target " + IQN + ": volume group " + VG + " activated", takenOver);
        int returned = journal.first("lbtest: systemctl restart lunbridge returned", reactivated);
        assertTrue(mounted < restart, "the restart after the mount\n" + journal.around(restart));
        assertTrue(journal.lines().subList(restart, returned).stream().noneMatch(l -> l.contains("mnt-lb.mount")),
                "the mount untouched by the restart\n" + journal.around(handedOver));
        assertTrue(journal.lines().subList(restart, returned).stream().anyMatch(l -> l.contains("daemon: READY -> STOPPING")),
                "the restart stopped the first daemon\n" + journal.around(handedOver));
        assertEquals(-1, journal.indexOf("volume group " + VG + " deactivated", 0, takenOver),
                "the VG under the mount was not deactivated by the restart\n" + journal.around(handOver));
        String restarted = Files.readString(runDir.resolve("restart.txt"));
        String device = "nbd0 backend=lunbridge:" + IQN + ":1 holders=dm-";
        String before = restarted.lines().filter(l -> l.startsWith("before: ")).findFirst().orElse("")
                .substring("before: ".length());
        assertTrue(before.startsWith(device), "before the restart " + device + "N: " + restarted);
        assertTrue(restarted.contains("after: " + before + "\n"), "the same device and backend after it: " + restarted);
        assertTrue(restarted.contains("mount: " + LV + " -> " + LV + "\n"), "the mount kept: " + restarted);
        assertTrue(restarted.matches("(?s).*writer: \\d+ files, \\d+ at the restart, \\d+ when it returned, exit 0\n.*"),
                "the writer finished without error: " + restarted);
        assertTrue(restarted.contains("verified: "), "the data read back: " + restarted);
        String showAfter = Files.readString(runDir.resolve("status-after-restart.txt"));
        assertTrue(showAfter.contains("Active: active (running)") && showAfter.contains("Status: \"1 device, 0 queueing\""),
                "systemctl status lunbridge after the restart: " + showAfter);

        // shutdown: queueing off, unmounted, then the daemon stops: VG deactivated, detach, logout; tgtd after it
        int queueingStopping = journal.first("Stopping lunbridge-queueing.service", returned);
        int noneQueueing = journal.first("none queueing forever", queueingStopping);
        int queueingStopped = journal.first("Stopped lunbridge-queueing.service", noneQueueing);
        int unmounting = journal.first("Unmounting mnt-lb.mount", returned);
        int unmounted = journal.first("Unmounted mnt-lb.mount", unmounting);
        int stopping = journal.first("Stopping lunbridge.service", unmounted);
        int sigterm = journal.first("daemon: READY -> STOPPING", stopping);
        int deactivated = journal.first("target " + IQN + ": volume group " + VG + " deactivated", sigterm);
        int detached = journal.first("/dev/nbd0 detached", deactivated);
        int loggedOut = journal.first("logged out of " + IQN, detached);
        int stopped = journal.first("Stopped lunbridge.service", loggedOut);
        int tgtdStop = journal.first("lbtest-tgtd: sessions at stop: ", stopped);
        assertTrue(queueingStopping < noneQueueing && noneQueueing < queueingStopped && queueingStopped < unmounting,
                "lunbridge-queueing stopped (queueing off) before the unmount\n" + journal.around(queueingStopped));
        assertTrue(unmounted < stopping, "the mount unmounted before the daemon is stopped\n" + journal.around(stopping));
        assertEquals(deactivated, journal.indexOf("volume group " + VG + " deactivated", 0, journal.lines().size()),
                "the VG deactivated only at the shutdown\n" + journal.around(deactivated));
        assertTrue(sigterm < deactivated && deactivated < detached && detached < loggedOut && loggedOut < stopped,
                "the daemon stops, then deactivates the VG, detaches and logs out\n" + journal.around(detached));
        assertTrue(!journal.lines().get(detached).contains("(forcibly)"), "detached cleanly: " + journal.lines().get(detached));
        assertTrue(stopped < tgtdStop, "tgtd stopped after the daemon\n" + journal.around(tgtdStop));
        assertEquals(-1, journal.indexOf("left attached until last"),
                "the daemon found its disk still in use at stop\n" + journal.around(stopping));
        assertEquals(-1, journal.indexOf("is in use (", returned, journal.lines().size()),
                "the daemon found its disk in use at the shutdown\n" + journal.around(stopping));

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
            return indexOf(text, 0, lines.size());
        }

        /** The first line in [{@code from}, {@code to}) containing {@code text}, or -1. */
        int indexOf(String text, int from, int to) {
            for (int i = from; i < to; i++) {
                if (lines.get(i).contains(text)) {
                    return i;
                }
            }
            return -1;
        }

        /** The first line containing {@code text}; fails the test when there is none. */
        int first(String text) {
            return first(text, 0);
        }

        /** The first line after {@code after} containing {@code text}; fails the test when there is none. */
        int first(String text, int after) {
            int i = indexOf(text, after + (after > 0 ? 1 : 0), lines.size());
            if (i < 0) {
                fail("no journal line with '" + text + "' after line " + after + "\n" + String.join("\n", lines));
            }
            return i;
        }

        String around(int index) {
            return String.join("\n", lines.subList(Math.max(0, index - 30), Math.min(lines.size(), index + 30)));
        }
    }
}
