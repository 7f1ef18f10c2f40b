package io.lunbridge.it.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The guest's own check unit then leaves a device of another target behind (a {@code lunbridge attach}
 * of tgtd's second target, SIGKILLed: configured for {@code lunbridge:...:other:1}, no server), runs
 * {@code systemctl restart lunbridge} under an O_DIRECT + fsync writer on the mount, cleans the other
 * device up with {@code lunbridge detach}, writes the results to the run directory and powers off;
 * lbtest-verify.service (ordered between the daemon and the mount) checks the filesystem and the
 * device after the unmount, before the daemon stops; the journal is taken when lbtest-journal.service
 * stops, after lunbridge and tgtd.
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
 * backend identifier and holder, the same mount, a new daemon pid, the first daemon exited cleanly,
 * no file of the writer completed between the first daemon's exit and the next one's start (its I/O
 * waited in the driver), and the writer finished without error, every file read back identical with
 * O_DIRECT. The other target's device is named by the next daemon as not taken over, is configured as
 * before after the restart, and {@code lunbridge detach} disconnects it as stale. After the unmount:
 * fsck.ext4 -fn of the LV clean, /dev/nbd0 identical to tgtd's backing file, no I/O error in the
 * kernel log of the whole boot. (This was KernelNbdVmIT's separate restart boot, folded in here.)
 * Without device units (no udev in the guest;
 * /sys is read-only so systemd does not wait for devices), a mount ordered wrongly would find no LV
 * and fail.
 */
@Timeout(value = 32, unit = TimeUnit.MINUTES)
class SystemdBootVmIT {
    // two daemon starts (boot, restart) of a JVM under TCG on a loaded host, each up to minutes
    private static final Duration VM_LIMIT = Duration.ofMinutes(30);
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:sdguest";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:sdguest-initiator";
    private static final String VG = "lbvg";
    private static final String LV = "/dev/mapper/lbvg-lblv";
    /** tgtd's second target in the guest, attached by a SIGKILLed {@code lunbridge attach}. */
    private static final String OTHER = "iqn.2026-12.io.lunbridge.it:other";
    private static final String[] LOGS = {"journal.txt"};
    /** A journal line of {@code journalctl -o short-monotonic}: its time, seconds since boot. */
    private static final Pattern MONOTONIC = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]");

    private GuestVm vm;

    @AfterEach
    void cleanUp() {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void daemonStartedBySystemdActivatesTheVgBeforeTheNetdevMountKeepsNbd0AcrossRestartAndDetachesAfterUnmount()
            throws IOException {
        vm = GuestVm.create();
        List<String> store = List.of("--store", vm.file("store.db").toString());
        CliRun add = CliRun.of(store, "target", "add", IQN, "--portal", "198.18.250.2");
        assertEquals(0, add.status(), add.err());
        CliRun set = CliRun.of(store, "target", "set", IQN, "startup=automatic", "vgs=" + VG);
        assertEquals(0, set.status(), set.err());
        vm.params();
        // the class-data-sharing archive the package's postinst would make, here for the checkout's jar:
        // it halves the JVM's class loading, which the emulated CPU makes slow
        List<String> archive = new ArrayList<>(List.of(vm.root().resolve("packaging/src/dist/cds-archive").toString(),
                vm.file("lunbridge.jsa").toString(), vm.jar().toString(), "java"));
        for (String line : Files.readAllLines(vm.root().resolve("packaging/src/dist/jvm.options"))) {
            String option = line.replaceAll("#.*", "").strip();
            if (!option.isEmpty()) {
                archive.add(option);
            }
        }
        ProcessRunner.run(Command.of(archive.toArray(String[]::new)), Duration.ofMinutes(3));

        String status = vm.boot("systemd-boot-guest.sh", "systemd", VM_LIMIT, LOGS);
        assertEquals("0", status, "the guest's checks\n" + vm.report(LOGS));
        assertTrue(Files.exists(vm.file("journal.txt")), "no journal taken at shutdown\n" + vm.report(LOGS));
        Journal journal = new Journal(Files.readAllLines(vm.file("journal.txt"), StandardCharsets.UTF_8));

        String show = Files.readString(vm.file("status.txt"));
        assertTrue(show.contains("Active: active (running)") && show.contains("Status: \"1 device, 0 queueing\""),
                "systemctl status lunbridge: " + show);

        // boot: the VG made inactive with autoactivation off; the daemon (mode auto -> netlink) attaches
        // /dev/nbd0, activates the VG, then READY=1 (systemd's "Started" of a Type=notify unit), then the mount
        int made = journal.first("lbtest-tgtd: volume group " + VG + " made on the LUN: inactive, autoactivation off");
        int mode = journal.first("attach mode netlink (--mode auto: the kernel has the nbd driver)");
        // the dead-connection timeout derived from the guest's replacement timeout (600 s + 30 s)
        int nbd = journal.first("LUN 1 of " + IQN + " attached as /dev/nbd0 (netlink, " + (64 << 20)
                + " bytes, dead-connection timeout 630 s)");
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
        // the first daemon exited 0 after the hand-over; the next one started after it
        int exitedCleanly = journal.first("lunbridge.service: Deactivated successfully", leftForNext);
        int stoppedFirst = journal.first("Stopped lunbridge.service", exitedCleanly);
        int startingNext = journal.first("daemon: STARTING -> ATTACHING", stoppedFirst);
        assertTrue(startingNext < takenOver, "the first daemon exited cleanly, then the next one started\n"
                + journal.around(leftForNext));
        int reactivated = journal.first("target " + IQN + ": volume group " + VG + " activated", takenOver);
        int returned = journal.first("lbtest: systemctl restart lunbridge returned", reactivated);
        assertTrue(mounted < restart, "the restart after the mount\n" + journal.around(restart));
        assertTrue(journal.lines().subList(restart, returned).stream().noneMatch(l -> l.contains("mnt-lb.mount")),
                "the mount untouched by the restart\n" + journal.around(handedOver));
        assertTrue(journal.lines().subList(restart, returned).stream().anyMatch(l -> l.contains("daemon: READY -> STOPPING")),
                "the restart stopped the first daemon\n" + journal.around(handedOver));
        assertEquals(-1, journal.indexOf("volume group " + VG + " deactivated", 0, takenOver),
                "the VG under the mount was not deactivated by the restart\n" + journal.around(handOver));
        // the other target's device: named by the next daemon as not taken over
        String other = Files.readString(vm.file("other.txt"));
        Matcher killed = Pattern.compile("killed: /dev/(nbd\\d+) backend=lunbridge:" + Pattern.quote(OTHER) + ":1\n")
                .matcher(other);
        assertTrue(killed.find(), "a device of the other target left configured without a server: " + other);
        String otherDev = killed.group(1);
        int notTakenOver = journal.first("not taken over for lunbridge:" + IQN + ":1, configured for other LUNs: /dev/"
                + otherDev + " (lunbridge:" + OTHER + ":1)", leftForNext);
        assertTrue(notTakenOver < takenOver, "the next daemon named /dev/" + otherDev + " as not taken over\n"
                + journal.around(takenOver));
        String restarted = Files.readString(vm.file("restart.txt"));
        String device = "nbd0 backend=lunbridge:" + IQN + ":1 holders=dm-";
        String before = restarted.lines().filter(l -> l.startsWith("before: ")).findFirst().orElse("")
                .substring("before: ".length());
        assertTrue(before.startsWith(device), "before the restart " + device + "N: " + restarted);
        assertTrue(before.endsWith(";" + otherDev + " backend=lunbridge:" + OTHER + ":1 holders="),
                "before the restart also the other target's device: " + restarted);
        assertTrue(restarted.contains("after: " + before + "\n"), "the same device and backend after it: " + restarted);
        assertTrue(restarted.contains("mount: " + LV + " -> " + LV + "\n"), "the mount kept: " + restarted);
        assertTrue(restarted.matches("(?s).*writer: \\d+ files, \\d+ at the restart, \\d+ when it returned, exit 0\n.*"),
                "the writer finished without error: " + restarted);
        assertTrue(restarted.contains("verified: "), "the data read back: " + restarted);
        assertTrue(other.contains("after the restart: /dev/" + otherDev + " backend=lunbridge:" + OTHER + ":1\n"),
                "the other target's device left as it was: " + other);
        assertTrue(other.contains("stale /dev/" + otherDev + " (its server process is gone) disconnected"),
                "lunbridge detach cleaned the other target's stale device up: " + other);
        // while no daemon ran (the first exited, the next not yet started) no file of the writer completed:
        // its I/O waited in the nbd driver; it completed files before and after
        double gone = journal.time(stoppedFirst);
        double back = journal.time(startingNext);
        List<Double> completed = Files.readAllLines(vm.file("written.txt")).stream()
                .map(l -> Double.parseDouble(l.split(" ")[3])).toList();
        assertEquals(List.of(), completed.stream().filter(t -> t > gone && t < back).toList(),
                "files completed while no daemon ran (" + gone + " s to " + back + " s)");
        assertTrue(completed.stream().anyMatch(t -> t <= gone) && completed.stream().filter(t -> t >= back).count() >= 3,
                "the writer completed files before " + gone + " s and after " + back + " s: " + completed);
        String showAfter = Files.readString(vm.file("status-after-restart.txt"));
        assertTrue(showAfter.contains("Active: active (running)") && showAfter.contains("Status: \"1 device, 0 queueing\""),
                "systemctl status lunbridge after the restart: " + showAfter);

        // shutdown: queueing off, unmounted, then the daemon stops: VG deactivated, detach, logout; tgtd after it
        int queueingStopping = journal.first("Stopping lunbridge-queueing.service", returned);
        int noneQueueing = journal.first("none queueing forever", queueingStopping);
        int queueingStopped = journal.first("Stopped lunbridge-queueing.service", noneQueueing);
        int unmounting = journal.first("Unmounting mnt-lb.mount", returned);
        int unmounted = journal.first("Unmounted mnt-lb.mount", unmounting);
        int stopping = journal.first("Stopping lunbridge.service", unmounted);
        // between the unmount and the daemon's stop (lbtest-verify.service): fsck, the device against
        // tgtd's backing file, the kernel log of the whole boot
        int verifying = journal.first("lbtest-verify: after the unmount", unmounted);
        assertTrue(verifying < stopping, "verified after the unmount, before the daemon stopped\n" + journal.around(verifying));
        String verified = Files.readString(vm.file("verify.txt"));
        System.out.print("SystemdBootVmIT: after the unmount:\n" + verified);
        assertTrue(verified.contains("fsck.ext4 -fn " + LV + " clean: "), "fsck of the LV after the restart: " + verified);
        assertTrue(verified.contains("/dev/nbd0 identical to the target's backing file "),
                "the device against tgtd's backing file: " + verified);
        assertTrue(verified.contains("no I/O error in the kernel log\n"), "the kernel log: " + verified);
        assertTrue(verified.contains("\nnbd0: reconnected socket\n"), "the driver logged the take-over: " + verified);
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

        String up = Files.readString(vm.file("tgtd-while-up.txt"));
        String atStop = Files.readString(vm.file("tgtd-at-stop.txt"));
        assertTrue(up.contains("Initiator: " + INITIATOR), "tgtd shows the daemon's session while up: " + up);
        assertTrue(atStop.contains("Target 1: " + IQN) && !atStop.contains("Initiator: " + INITIATOR),
                "tgtd shows no session once the daemon stopped: " + atStop);
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

        /** The time of line {@code index}, seconds since boot (the clock of the guest's /proc/uptime). */
        double time(int index) {
            Matcher m = MONOTONIC.matcher(lines.get(index));
            assertTrue(m.find(), "no monotonic time stamp: " + lines.get(index));
            return Double.parseDouble(m.group(1));
        }

        String around(int index) {
            return String.join("\n", lines.subList(Math.max(0, index - 30), Math.min(lines.size(), index + 30)));
        }
    }
}
