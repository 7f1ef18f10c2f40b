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
import io.lunbridge.it.isns.IsnsdNamespace;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunbridge daemon} with {@code discovery.policy = isns} against open-isns isnsd and tgtd,
 * FUSE + loop mode: a target stored automatic that neither iSNS shows nor tgtd serves at start
 * leaves the daemon READY with 0 devices (1 not attached); once tgtd serves it and it is registered
 * in isnsd and added to the initiator's discovery domain (isnsd sends an SCN), the daemon attaches
 * it (status shows the loop device, which reads the LUN's bytes and writes through to tgtd's
 * backing file). A target then registered that is stored manual is not attached (no session at
 * tgtd), one visible but not stored is left alone, and the automatic one deregistered from iSNS is
 * named in a warning and stays attached. SIGTERM detaches and exits 0.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DaemonIsnsIT {
    private static final Path JAR = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar"))
            .toAbsolutePath();
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:daemon-isns-initiator";
    private static final String AUTO = "iqn.2026-12.io.lunbridge.it:daemon-isns-auto";
    private static final String MANUAL = "iqn.2026-12.io.lunbridge.it:daemon-isns-manual";
    private static final String UNSTORED = "iqn.2026-12.io.lunbridge.it:daemon-isns-unstored";
    private static final Pattern DEVICE = Pattern.compile("(?m)^lun1 (/dev/loop\\d+) \\((\\S+)\\)$");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void aStoredAutomaticTargetIsnsShowsLaterIsAttachedAManualOneIsNot() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        try (IsnsdNamespace isns = IsnsdNamespace.start()) {
            isns.registerTarget("ent-unstored", UNSTORED, IsnsdNamespace.SERVER_ADDRESS + ":3260");
            long dd = isns.createDomain("dd-daemon", UNSTORED, INITIATOR);

            List<String> store = List.of("--store", tmp.resolve("store.db").toString());
            for (String iqn : List.of(AUTO, MANUAL)) {
                CliRun add = CliRun.of(store, "target", "add", iqn, "--portal", ns.peerAddress());
                assertEquals(0, add.status(), add.err());
            }
            CliRun set = CliRun.of(store, "target", "set", AUTO, "startup=automatic");
            assertEquals(0, set.status(), set.err());
            Path etc = Files.createDirectories(tmp.resolve("etc"));
            Files.writeString(etc.resolve("lunbridge.conf"), "discovery.policy = isns\nisns.servers = "
                    + IsnsdNamespace.SERVER_ADDRESS + "\n");

            Path control = tmp.resolve("daemon.sock");
            Path mounts = tmp.resolve("fuse");
            Path out = WorkDirs.newLogFile("daemon-isns-out");
            Path err = WorkDirs.newLogFile("daemon-isns-err");
            try (NotifySocket notify = new NotifySocket(tmp.resolve("notify"))) {
                Process daemon = ProcessRunner.start(Command.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                        JAR.toString(), "daemon", "--mode", "fuse-loop", "--store", tmp.resolve("store.db").toString(),
                        "--control", control.toString(), "--mount-dir", mounts.toString(), "--config-dir", etc.toString(),
                        "--initiator-name", INITIATOR).env("NOTIFY_SOCKET", notify.path().toString()), out, err);
                String device = null;
                try {
                    awaitMessage(notify, daemon, err, "READY=1");
                    int ready = notify.indexOf("READY=1", 0);
                    assertTrue(notify.messages().get(ready).lines()
                            .anyMatch("STATUS=0 devices, 0 queueing, 1 target not attached"::equals),
                            "READY with nothing attached: " + notify.messages() + "\n" + Text.tailOfFile(err, 40));
                    awaitLog(err, daemon, "INFO", UNSTORED, "not in the store");

                    tgtd.addTarget(1, AUTO);
                    tgtd.addLun(1, 1, 16L << 20);
                    tgtd.bindAll(1);
                    tgtd.addTarget(2, MANUAL);
                    tgtd.addLun(2, 1, 16L << 20);
                    tgtd.bindAll(2);
                    byte[] before = pattern(tgtd.lunBackingFile(1, 1), 21);
                    isns.registerTarget("ent-auto", AUTO, tgtd.portal());
                    isns.addToDomain(dd, AUTO);

                    Await.until("the daemon attached " + AUTO + " after the SCN", WAIT, () -> {
                        if (!daemon.isAlive()) {
                            throw new HarnessException("the daemon exited: " + Text.tailOfFile(err, 40));
                        }
                        return DEVICE.matcher(text(out)).find();
                    });
                    Matcher m = DEVICE.matcher(Files.readString(out));
                    assertTrue(m.find());
                    device = m.group(1);
                    assertEquals(mounts.resolve(AUTO).toAbsolutePath(), Path.of(m.group(2)).getParent(), m.group());
                    assertTrue(Text.tailOfFile(err, 400).contains("iSNS shows target " + AUTO
                            + ", stored startup=automatic and not attached: attaching it"), Text.tailOfFile(err, 60));
                    String shown = device;
                    Await.until("status shows the device", WAIT, () -> CliRun.of("status", "--control",
                            control.toString()).out().contains("device " + shown));
                    Await.until("STATUS=1 device", WAIT, () -> notify.messages().stream()
                            .anyMatch(msg -> msg.lines().anyMatch("STATUS=1 device, 0 queueing"::equals)));
                    assertArrayEquals(before, readDevice(device, before.length), "the loop device reads the LUN");
                    byte[] written = new byte[64 << 10];
                    new Random(22).nextBytes(written);
                    try (RandomAccessFile f = new RandomAccessFile(device, "rw")) {
                        f.seek(1 << 20);
                        f.write(written);
                        f.getFD().sync();
                    }
                    assertArrayEquals(written, readAt(tgtd.lunBackingFile(1, 1), 1 << 20, written.length),
                            "a write to the loop device reaches tgtd's backing file");

                    // isnsd refuses a portal another entity registered; the daemon takes portals from the store anyway
                    isns.registerTarget("ent-manual", MANUAL, IsnsdNamespace.SERVER_ADDRESS + ":3261");
                    isns.addToDomain(dd, MANUAL);
                    awaitLog(err, daemon, "INFO", MANUAL, "stored startup=manual: left alone");
                    assertEquals(0, tgtd.connectionCount(2), "no session to the manual target");
                    assertFalse(CliRun.of("status", "--control", control.toString()).out().contains(MANUAL + "/lun1"));

                    isns.deregisterEntity("ent-auto", AUTO);
                    awaitLog(err, daemon, "WARN", "iSNS no longer shows target " + AUTO, "not detached");
                    assertTrue(ProcessRunner.run("losetup", device).stdout().contains(mounts.resolve(AUTO).toString()),
                            "still attached after iSNS dropped it");
                    assertTrue(CliRun.of("status", "--control", control.toString()).out().contains("device " + device));

                    daemon.destroy();
                    assertTrue(ProcessRunner.awaitExit(daemon, WAIT), "the daemon exits after SIGTERM");
                    assertEquals(0, daemon.exitValue(), Text.tailOfFile(err, 40));
                    assertFalse(ProcessRunner.run("losetup", "-a").stdout().contains(device + ":"));
                    Await.until("tgtd shows no session", WAIT, () -> tgtd.connectionCount(1) == 0);
                } finally {
                    cleanUp(daemon, device, mounts);
                }
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

    private static byte[] readDevice(String device, int n) throws IOException {
        return readAt(Path.of(device), 0, n);
    }

    private static byte[] readAt(Path file, long offset, int n) throws IOException {
        byte[] b = new byte[n];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            f.readFully(b);
        }
        return b;
    }

    private static void awaitMessage(NotifySocket notify, Process daemon, Path err, String line) {
        Await.until(line + " on the notify socket", WAIT, () -> {
            if (notify.indexOf(line, 0) >= 0) {
                return true;
            }
            if (!daemon.isAlive()) {
                throw new HarnessException("the daemon exited with " + daemon.exitValue() + " before " + line + "; "
                        + notify.messages() + "\n" + Text.tailOfFile(err, 40));
            }
            return false;
        });
    }

    /** Waits for a log line of {@code level} on the daemon's stderr holding every part. */
    private static void awaitLog(Path err, Process daemon, String level, String... parts) {
        Await.until(level + " line with " + List.of(parts), WAIT, () -> {
            if (!daemon.isAlive()) {
                throw new HarnessException("the daemon exited: " + Text.tailOfFile(err, 40));
            }
            return text(err).lines().anyMatch(l -> l.contains(level)
                    && List.of(parts).stream().allMatch(l::contains));
        });
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whatever happened: the daemon gone (by its PID), its FUSE mount and loop device released. */
    private static void cleanUp(Process daemon, String device, Path mounts) {
        boolean killed = daemon.isAlive() && !ProcessRunner.stop(daemon, Duration.ofSeconds(30));
        ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mounts.resolve(AUTO).toString()), Duration.ofSeconds(20));
        if (device != null && ProcessRunner.runAllowingFailure(Command.of("losetup", device), Duration.ofSeconds(10))
                .stdout().contains(mounts.toString())) {
            ProcessRunner.runAllowingFailure(Command.of("losetup", "-d", device), Duration.ofSeconds(20));
        }
        if (killed) {
            CliRun.of("detach", "--target", AUTO, "--lun", "1"); // clears the killed daemon's claim records
        }
    }
}
