package io.lunbridge.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume groups with {@code lunbridge daemon} in fuse-loop mode against a real tgtd, with the real
 * lvm2 of this host on a private lvm.conf ({@code LVM_SYSTEM_DIR}: a devices file listing only this
 * test's loop devices, by backing file, so the host's own LVM devices are never looked at; no
 * backups). This host has no device-mapper: LVM metadata works, activation itself fails, so the
 * daemon's attempted {@code vgchange -ay} is shown by lvm's own failure message; real activation is
 * shown in the qemu guest.
 *
 * <p>The daemon attaches the target's two LUNs; the test makes PVs of both and of a plain loop
 * device over a scratch file: {@code spanvg} on LUN 1 and the plain device, {@code goodvg} (with an
 * LV) on LUN 2. {@code vg prepare spanvg} is refused naming the plain device; {@code vg prepare
 * goodvg} finds the target from the daemon's attachment records, turns autoactivation off (read back
 * with {@code vgs -o autoactivation}) and records it; {@code status} warns about spanvg, which would
 * still auto-activate. A restarted daemon attaches, then refuses spanvg naming the plain device (the
 * disks stay attached, the refusal is in its status) and tries goodvg; at stop it deactivates goodvg
 * before it logs out.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class VolumeGroupIT {
    private static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:vg";
    private static final Pattern DEVICE = Pattern.compile("(?m)^(lun\\d+) (/dev/loop\\d+) \\((\\S+)\\)$");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String LVM_CONF = """
            devices {
                use_devicesfile = 1
                obtain_device_list_from_udev = 0
                external_device_info_source = "none"
            }
            activation {
                udev_sync = 0
                udev_rules = 0
                monitoring = 0
            }
            global {
                event_activation = 0
            }
            backup {
                backup = 0
                archive = 0
            }
            """;

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    Path lvmDir;
    final List<String> loops = new ArrayList<>();
    final List<Process> daemons = new ArrayList<>();

    @Test
    void aVolumeGroupSpanningAPlainLoopDeviceIsRefusedAndOneOnTheTargetsDisksIsActivatedAfterAttach() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 32L << 20);
        tgtd.addLun(1, 2, 32L << 20);
        tgtd.bindAll(1);
        lvmDir = Files.createDirectories(tmp.resolve("lvm"));
        Files.createDirectories(lvmDir.resolve("devices"));
        Files.writeString(lvmDir.resolve("lvm.conf"), LVM_CONF);
        Path store = tmp.resolve("store.db");
        Path mounts = tmp.resolve("fuse");
        assertEquals(0, CliRun.of("target", "add", IQN, "--portal", ns.peerAddress(), "--store", store.toString()).status());
        assertEquals(0, CliRun.of("target", "set", IQN, "startup=automatic", "--store", store.toString()).status());
        Path scratch = tmp.resolve("plain.img");
        try (RandomAccessFile f = new RandomAccessFile(scratch.toFile(), "rw")) {
            f.setLength(32L << 20);
        }
        Map<String, String> devices = new LinkedHashMap<>();
        try {
            String plain = ProcessRunner.run("losetup", "-f", "--show", scratch.toString()).stdout().strip();
            loops.add(plain);

            Path out1 = WorkDirs.newLogFile("vg-daemon1-out");
            Path err1 = WorkDirs.newLogFile("vg-daemon1-err");
            Process first = startDaemon(store, mounts, tmp.resolve("daemon1.sock"), out1, err1);
            devices.putAll(awaitDevices(first, out1, err1, mounts));
            String lun1 = devices.get("lun1");
            String lun2 = devices.get("lun2");
            lvm("pvcreate", "-q", "-y", lun1, lun2, plain);
            lvm("vgcreate", "-q", "spanvg", lun1, plain);
            lvm("vgcreate", "-q", "goodvg", lun2);
            // no device-mapper here: the LV is written to the metadata only
            lvm("lvcreate", "-q", "--config", "global { activation = 0 }", "--activate", "n", "--zero", "n", "-L", "8M",
                    "-n", "lv", "goodvg");
            assertEquals("enabled", lvm("vgs", "--noheadings", "-o", "autoactivation", "goodvg").stdout().strip());

            ProcessResult span = cli(List.of("vg", "prepare", "spanvg", "--store", store.toString()), false);
            assertEquals(1, span.exitCode(), span.describe());
            assertTrue(span.stderr().contains("volume group spanvg: physical volume " + plain + " is not a lunbridge disk"),
                    span.describe());
            assertEquals("enabled", lvm("vgs", "--noheadings", "-o", "autoactivation", "spanvg").stdout().strip(),
                    "a refused prepare changes nothing");

            ProcessResult good = cli(List.of("vg", "prepare", "goodvg", "--store", store.toString()), true);
            assertEquals("volume group goodvg: autoactivation off (boot leaves it inactive); target " + IQN
                    + " activates it after attach (vgs=goodvg)", good.stdout().strip(), good.describe());
            assertEquals("", lvm("vgs", "--noheadings", "-o", "autoactivation", "goodvg").stdout().strip(),
                    "vgchange --setautoactivation n really ran");

            assertEquals(0, CliRun.of("target", "set", IQN, "vgs=spanvg,goodvg", "--store", store.toString()).status());
            ProcessResult status = cli(List.of("status", "--control", tmp.resolve("daemon1.sock").toString(), "--store",
                    store.toString()), true);
            assertTrue(status.stderr().contains("volume group spanvg (target " + IQN + ") would still auto-activate at"
                    + " boot; run 'lunbridge vg prepare spanvg'"), status.describe());
            assertTrue(!status.stderr().contains("volume group goodvg"), "goodvg is prepared: " + status.describe());

            stopDaemon(first, err1);
            devices.clear();

            Path out2 = WorkDirs.newLogFile("vg-daemon2-out");
            Path err2 = WorkDirs.newLogFile("vg-daemon2-err");
            Path control = tmp.resolve("daemon2.sock");
            Process second = startDaemon(store, mounts, control, out2, err2);
            devices.putAll(awaitDevices(second, out2, err2, mounts));
            Await.until("both volume groups handled", WAIT, () -> Text.tailOfFile(err2, 400).contains("volume group goodvg "));
            String log = Text.tailOfFile(err2, 400);
            int attached = log.indexOf("target " + IQN + " attached");
            int refused = log.indexOf("target " + IQN + ": volume group spanvg refused: physical volume " + plain
                    + " is not a lunbridge disk of " + IQN);
            int tried = log.indexOf("target " + IQN + ": volume group goodvg activation failed: vgchange -ay goodvg: exit ");
            assertTrue(attached >= 0 && refused > attached && tried > refused, "attached, then spanvg refused, then"
                    + " goodvg tried (and failed without device-mapper):\n" + log);
            assertTrue(log.substring(tried).lines().findFirst().orElseThrow().contains("device-mapper"),
                    "lvm's own reason: " + log.substring(tried));

            CliRun daemonStatus = CliRun.of("status", "--control", control.toString());
            assertEquals(0, daemonStatus.status(), daemonStatus.err());
            assertTrue(daemonStatus.out().contains("vg spanvg refused: physical volume " + plain + " is not a lunbridge disk"),
                    daemonStatus.out());
            assertTrue(daemonStatus.out().contains("device " + devices.get("lun1"))
                    && daemonStatus.out().contains("device " + devices.get("lun2")), "the disks stay attached: "
                    + daemonStatus.out());

            stopDaemon(second, err2);
            String stopLog = Text.tailOfFile(err2, 400);
            int deactivated = stopLog.indexOf("target " + IQN + ": volume group goodvg deactivated: vgchange -an goodvg");
            int loggedOut = stopLog.indexOf("logged out of " + IQN);
            assertTrue(deactivated > tried && loggedOut > deactivated, "deactivated before the logout:\n" + stopLog);
            assertTrue(!stopLog.contains("volume group spanvg deactivated"), "a refused VG is never touched");
            devices.clear();
        } finally {
            cleanUp(devices, mounts);
        }
    }

    private Process startDaemon(Path store, Path mounts, Path control, Path out, Path err) {
        Process p = ProcessRunner.start(Command.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                JAR.toString(), "daemon", "--mode", "fuse-loop", "--store", store.toString(), "--control", control.toString(), "--mount-dir",
                mounts.toString(), "--config-dir", tmp.resolve("etc").toString())
                .env("LVM_SYSTEM_DIR", lvmDir.toString()), out, err);
        daemons.add(p);
        return p;
    }

    private static void stopDaemon(Process daemon, Path err) {
        daemon.destroy();
        assertTrue(ProcessRunner.awaitExit(daemon, WAIT), "the daemon exits after SIGTERM");
        assertEquals(0, daemon.exitValue(), Text.tailOfFile(err, 40));
    }

    /** lunbridge LUN name ("lun1") to loop device, once the daemon has printed both. */
    private static Map<String, String> awaitDevices(Process daemon, Path out, Path err, Path mounts) {
        Map<String, String> found = new LinkedHashMap<>();
        Await.until("the daemon's two loop devices", WAIT, () -> {
            if (!daemon.isAlive()) {
                throw new HarnessException("the daemon exited with " + daemon.exitValue() + "\n" + Text.tailOfFile(err, 40));
            }
            Matcher m = DEVICE.matcher(Text.tailOfFile(out, 1000));
            while (m.find()) {
                assertEquals(mounts.resolve(IQN).toAbsolutePath(), Path.of(m.group(3)).getParent(), m.group());
                found.put(m.group(1), m.group(2));
            }
            return found.size() == 2;
        });
        return found;
    }

    private ProcessResult lvm(String... args) {
        List<String> argv = new ArrayList<>(List.of("lvm"));
        argv.addAll(List.of(args));
        return ProcessRunner.run(Command.of(argv.toArray(new String[0])).env("LVM_SYSTEM_DIR", lvmDir.toString())
                .env("LVM_SUPPRESS_FD_WARNINGS", "1"), Duration.ofSeconds(60));
    }

    /** The CLI as its own process, so that lvm's environment (LVM_SYSTEM_DIR) reaches the lvm it runs. */
    private ProcessResult cli(List<String> args, boolean mustSucceed) {
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx128m", "-jar", JAR.toString()));
        argv.addAll(args);
        Command c = Command.of(argv.toArray(new String[0])).env("LVM_SYSTEM_DIR", lvmDir.toString());
        return mustSucceed ? ProcessRunner.run(c, Duration.ofSeconds(60))
                : ProcessRunner.runAllowingFailure(c, Duration.ofSeconds(60));
    }

    /** Whatever happened: daemons gone (by PID), FUSE mounts and loop devices released. */
    private void cleanUp(Map<String, String> devices, Path mounts) throws IOException {
        boolean killed = false;
        for (Process d : daemons) {
            if (d.isAlive() && !ProcessRunner.stop(d, Duration.ofSeconds(30))) {
                killed = true;
            }
        }
        ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mounts.resolve(IQN).toString()), Duration.ofSeconds(20));
        for (String d : devices.values()) {
            if (ProcessRunner.runAllowingFailure(Command.of("losetup", d), Duration.ofSeconds(10)).stdout()
                    .contains(mounts.toString())) {
                ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", d), Duration.ofSeconds(20));
            }
        }
        for (String l : loops) {
            if (ProcessRunner.runAllowingFailure(Command.of("losetup", l), Duration.ofSeconds(10)).stdout()
                    .contains(tmp.toString())) {
                ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", l), Duration.ofSeconds(20));
            }
        }
        if (killed) {
            for (String lun : List.of("1", "2")) {
                CliRun.of("detach", "--target", IQN, "--lun", lun); // clears a killed daemon's claim records
            }
        }
    }
}
