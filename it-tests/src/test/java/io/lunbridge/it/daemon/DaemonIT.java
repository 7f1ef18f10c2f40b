package io.lunbridge.it.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.CliRun;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.HarnessException;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunbridge daemon} under a stand-in for systemd, against a real tgtd: a store with one
 * target marked automatic (LUN allow-list 1 of its LUNs 1 and 2) and one manual. READY=1 comes
 * only once the allowed LUN is a loop device that reads the LUN's bytes; STATUS= counts the
 * devices; {@code lunbridge status} shows the automatic target's device and not the manual one.
 * Marking the second automatic and sending SIGHUP attaches it and leaves the first as it was (same
 * loop device). SIGTERM sends STOPPING=1, detaches both, logs out (tgtd sees no connection) and
 * exits 0.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DaemonIT {
    private static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();
    private static final String FIRST = "iqn.2026-12.io.lunbridge.it:daemon-first";
    private static final String SECOND = "iqn.2026-12.io.lunbridge.it:daemon-second";
    private static final Pattern DEVICE = Pattern.compile("(?m)^(lun\\d+) (/dev/loop\\d+) \\((\\S+)\\)$");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void attachesTheAutomaticTargetsReloadsOnSighupAndDetachesOnSigterm() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, FIRST);
        tgtd.addLun(1, 1, 16L << 20);
        tgtd.addLun(1, 2, 16L << 20);
        tgtd.bindAll(1);
        tgtd.addTarget(2, SECOND);
        tgtd.addLun(2, 1, 16L << 20);
        tgtd.bindAll(2);
        byte[] first = pattern(tgtd.lunBackingFile(1, 1), 11);
        byte[] second = pattern(tgtd.lunBackingFile(2, 1), 12);

        List<String> store = List.of("--store", tmp.resolve("store.db").toString());
        for (String iqn : List.of(FIRST, SECOND)) {
            CliRun add = CliRun.of(store, "target", "add", iqn, "--portal", ns.peerAddress());
            assertEquals(0, add.status(), add.err());
        }
        CliRun set = CliRun.of(store, "target", "set", FIRST, "startup=automatic", "luns=1");
        assertEquals(0, set.status(), set.err());

        Path control = tmp.resolve("daemon.sock");
        Path mounts = tmp.resolve("fuse");
        Path out = WorkDirs.newLogFile("daemon-out");
        Path err = WorkDirs.newLogFile("daemon-err");
        try (NotifySocket notify = new NotifySocket(tmp.resolve("notify"))) {
            Process daemon = ProcessRunner.start(Command.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                    JAR.toString(), "daemon", "--mode", "fuse-loop", "--store", tmp.resolve("store.db").toString(), "--control",
                    control.toString(), "--mount-dir", mounts.toString(), "--config-dir", tmp.resolve("etc").toString())
                    .env("NOTIFY_SOCKET", notify.path().toString()), out, err);
            Map<String, String> devices = new LinkedHashMap<>();
            try {
                awaitMessage(notify, daemon, err, "READY=1", 0);
                devices.putAll(devices(out, mounts));
                assertEquals(List.of(FIRST + "/lun1"), List.copyOf(devices.keySet()),
                        "when READY=1 arrives, the allowed LUN (and only it) is a loop device");
                String firstDevice = devices.get(FIRST + "/lun1");
                assertArrayEquals(first, read(firstDevice, first.length), "the loop device reads the LUN's bytes");
                int ready = notify.indexOf("READY=1", 0);
                assertTrue(notify.messages().get(ready).lines().anyMatch("STATUS=1 device, 0 queueing"::equals),
                        notify.messages().toString());

                CliRun status = CliRun.of("status", "--control", control.toString());
                assertEquals(0, status.status(), status.err());
                assertTrue(status.out().contains("device " + firstDevice), status.out());
                assertTrue(status.out().contains("process " + daemon.pid() + " (daemon) target " + FIRST
                        + "\nstartup: automatic  luns: 1 (attached from the store)"), status.out());
                assertFalse(status.out().contains(SECOND), status.out());

                CliRun automatic = CliRun.of(store, "target", "set", SECOND, "startup=automatic");
                assertEquals(0, automatic.status(), automatic.err());
                ProcessRunner.run("kill", "-HUP", Long.toString(daemon.pid()));
                awaitMessage(notify, daemon, err, "RELOADING=1", ready + 1);
                awaitMessage(notify, daemon, err, "READY=1", notify.indexOf("RELOADING=1", ready + 1) + 1);
                devices.putAll(devices(out, mounts));
                assertEquals(List.of(FIRST + "/lun1", SECOND + "/lun1"), List.copyOf(devices.keySet()));
                String secondDevice = devices.get(SECOND + "/lun1");
                assertArrayEquals(second, read(secondDevice, second.length));
                assertEquals(2, Pattern.compile("(?m)^lun\\d+ /dev/loop").matcher(Text.tailOfFile(out, 1000))
                        .results().count(), "the first target was not attached again");
                assertTrue(ProcessRunner.run("losetup", firstDevice).stdout().contains(mounts.resolve(FIRST).toString()),
                        "the first target's loop device is untouched");
                assertTrue(notify.messages().get(notify.messages().size() - 1).lines()
                        .anyMatch("STATUS=2 devices, 0 queueing"::equals), notify.messages().toString());
                CliRun both = CliRun.of("status", "--control", control.toString());
                assertTrue(both.out().contains("device " + firstDevice) && both.out().contains("device " + secondDevice),
                        both.out());

                daemon.destroy();
                assertTrue(ProcessRunner.awaitExit(daemon, WAIT), "the daemon exits after SIGTERM");
                assertEquals(0, daemon.exitValue(), Text.tailOfFile(err, 40));
                Await.until("STOPPING=1 after READY=1", WAIT, () -> notify.indexOf("STOPPING=1", 0) > ready);
                String loops = ProcessRunner.run("losetup", "-a").stdout();
                assertFalse(loops.contains(firstDevice + ":") || loops.contains(secondDevice + ":"), loops);
                Await.until("tgtd shows no session of either target", WAIT,
                        () -> tgtd.connectionCount(1) == 0 && tgtd.connectionCount(2) == 0);
                String log = Text.tailOfFile(err, 400);
                int secondOut = log.indexOf("logged out of " + SECOND);
                int firstOut = log.indexOf("logged out of " + FIRST);
                assertTrue(secondOut >= 0 && firstOut >= 0, "both logouts logged: " + log);
                assertTrue(secondOut < firstOut, "detached in reverse attach order: " + log);
            } finally {
                cleanUp(daemon, devices, mounts);
            }
        }
    }

    /** Writes 1 MiB of seeded random bytes at the start of a LUN's backing file; returns them. */
    private static byte[] pattern(Path backing, long seed) throws IOException {
        byte[] data = new byte[1 << 20];
        new Random(seed).nextBytes(data);
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.write(data);
            f.getFD().sync();
        }
        return data;
    }

    private static byte[] read(String device, int n) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(device))) {
            return in.readNBytes(n);
        }
    }

    /** Waits for a datagram with {@code line} at or after message {@code from}, failing early if the daemon died. */
    private static void awaitMessage(NotifySocket notify, Process daemon, Path err, String line, int from) {
        Await.until(line + " on the notify socket", WAIT, () -> {
            if (notify.indexOf(line, from) >= 0) {
                return true;
            }
            if (!daemon.isAlive()) {
                throw new HarnessException("the daemon exited with " + daemon.exitValue() + " before " + line + "; "
                        + notify.messages() + "\n" + Text.tailOfFile(err, 40));
            }
            return false;
        });
    }

    /** The loop devices the daemon printed, by "IQN/lunN" (the FUSE file's directory is the target). */
    private static Map<String, String> devices(Path out, Path mounts) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = DEVICE.matcher(Files.readString(out));
        while (m.find()) {
            Path file = Path.of(m.group(3));
            assertEquals(mounts.toAbsolutePath(), file.getParent().getParent(), m.group());
            found.put(file.getParent().getFileName() + "/" + m.group(1), m.group(2));
        }
        return found;
    }

    /** Whatever happened: the daemon gone (by its PID), its FUSE mounts and its loop devices released. */
    private static void cleanUp(Process daemon, Map<String, String> devices, Path mounts) {
        boolean killed = false;
        if (daemon.isAlive() && !ProcessRunner.stop(daemon, Duration.ofSeconds(30))) {
            killed = true;
        }
        for (String iqn : List.of(FIRST, SECOND)) {
            ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mounts.resolve(iqn).toString()),
                    Duration.ofSeconds(20));
        }
        List<String> left = new ArrayList<>(devices.values());
        for (String d : left) {
            if (ProcessRunner.runAllowingFailure(Command.of("losetup", d), Duration.ofSeconds(10)).stdout()
                    .contains(mounts.toString())) {
                ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", d), Duration.ofSeconds(20));
            }
        }
        if (killed) {
            for (String iqn : List.of(FIRST, SECOND)) {
                CliRun.of("detach", "--target", iqn, "--lun", "1"); // clears the killed daemon's claim records
            }
        }
    }
}
