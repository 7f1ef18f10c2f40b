package io.lunbridge.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.nbd.PrometheusScrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attach lifecycle an operator relies on, in FUSE + loop mode against a real tgtd: detach is
 * refused while ext4 is mounted (naming the mount), a second attach of the LUN is refused (naming
 * the device and process), SIGTERM keeps serving a mounted disk and stops once it is unmounted,
 * {@code detach --force} by FUSE file detaches a mounted disk, {@code detach --target --lun}
 * works, and what a SIGKILLed attach leaves (bound loop device, stale FUSE mount, lock) is cleaned
 * by the next attach and by {@code detach}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FuseLifecycleIT {
    private static final Duration STOP = Duration.ofSeconds(60);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    /** Attaches LUN 1 of {@code tgtd} (fuse-loop) with this test's mount and config directories. */
    private FuseAttachProcess attach(TgtdTarget tgtd, String iqn) {
        return FuseAttachProcess.start(tgtd.namespace().peerAddress(), iqn, tmp.resolve("fuse"), tmp.resolve("etc"));
    }

    private TgtdTarget target(String iqn) {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, iqn);
        tgtd.addLun(1, 1, 64L << 20);
        tgtd.bindAll(1);
        return tgtd;
    }

    @Test
    void mountedDiskIsNeitherDetachedNorStoppedAndTheLunIsAttachedOnce() throws Exception {
        String iqn = "iqn.2026-12.io.lunbridge.it:lifecycle-mounted";
        TgtdTarget tgtd = target(iqn);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        FuseAttachProcess a = attach(tgtd, iqn);
        try {
            int kernelLogBefore = kernelLog().size();
            ProcessRunner.run("mkfs.ext4", "-q", "-F", a.device);
            String dev = a.device.substring("/dev/".length());
            List<String> noise = kernelLog().stream().skip(kernelLogBefore)
                    .filter(l -> l.contains("dev " + dev + ",") && l.contains("WRITE_ZEROES")).toList();
            assertEquals(List.of(), noise, "mkfs on the FUSE loop device must not meet unsupported WRITE_ZEROES");
            ProcessRunner.run("mount", a.device, mnt.toString());
            // attach serves no metrics endpoint: its numbers are read through its control socket
            Map<String, Double> metrics = PrometheusScrape.viaControl(tmp,
                    Path.of("/run/lunbridge/control/attach-" + a.process.pid() + ".sock"));
            assertTrue(PrometheusScrape.get(metrics, "lunbridge_block_requests_total", "lun", iqn + "/lun1", "op", "write")
                    > 0, "mkfs' writes were counted");
            assertTrue(PrometheusScrape.get(metrics, "lunbridge_session_pdus_total", List.of("target", iqn, "interface", "",
                    "portal", tgtd.portal()), "direction", "sent") > 0, "the session's PDUs were counted");

            ProcessResult refused = FuseAttachProcess.verb("detach", a.device);
            assertNotEquals(0, refused.exitCode(), refused.describe());
            assertTrue(refused.stderr().contains(a.device + " is mounted on " + mnt + " (ext4)"), refused.describe());

            FuseAttachProcess second = FuseAttachProcess.launch(tgtd.namespace().peerAddress(), iqn, "1",
                    tmp.resolve("fuse2"), tmp.resolve("etc"));
            try {
                assertTrue(second.awaitExit(STOP), "the second attach ends");
                assertEquals(1, second.process.exitValue());
                assertTrue(second.stderr().contains("LUN 1 of " + iqn + " is already attached on this host as "
                        + a.device + " (fuse-loop) by process " + a.process.pid()), second.stderr());
                assertFalse(Files.exists(tmp.resolve("fuse2")), "the refused attach left no mount directory");
            } finally {
                second.cleanUp();
            }

            a.terminate();
            Await.until("attach says which mount blocks the stop", STOP,
                    () -> a.stderr().contains("not detaching while " + a.device + " is mounted on " + mnt));
            byte[] data = new byte[1 << 20];
            new Random(14).nextBytes(data);
            Files.write(mnt.resolve("after-sigterm"), data);
            ProcessRunner.run("sync");
            assertTrue(a.process.isAlive(), "attach still serves the mounted disk after SIGTERM");
            ProcessRunner.run("umount", mnt.toString());
            assertTrue(a.awaitExit(STOP), "attach stops once the disk is unmounted");
            assertEquals(143, a.process.exitValue(), a.stderr());
            assertTrue(a.stdout().contains(a.device + " detached"), a.stdout());
            assertEquals(0, tgtd.connectionCount(1), "the session logged out");
        } finally {
            ProcessRunner.runAllowingFailure(Command.of("umount", mnt.toString()), Duration.ofSeconds(20));
            a.cleanUp();
        }
    }

    private static List<String> kernelLog() {
        return ProcessRunner.run("dmesg").stdout().lines().toList();
    }

    @Test
    void forceDetachByFuseFileFailsTheMountedDiskAndTargetLunDetachWorks() throws Exception {
        String iqn = "iqn.2026-12.io.lunbridge.it:lifecycle-force";
        TgtdTarget tgtd = target(iqn);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        FuseAttachProcess a = attach(tgtd, iqn);
        try {
            ProcessRunner.run("mkfs.ext4", "-q", "-F", a.device);
            ProcessRunner.run("mount", a.device, mnt.toString());
            ProcessResult forced = FuseAttachProcess.verb("detach", "--force", a.file.toString());
            assertEquals(0, forced.exitCode(), forced.describe());
            assertTrue(a.awaitExit(STOP), "attach ends after detach --force");
            assertEquals(0, a.process.exitValue(), a.stderr());
            assertEquals(0, ProcessRunner.run("umount", "-l", mnt.toString()).exitCode());
            assertEquals(0, tgtd.connectionCount(1), "the session logged out");
        } finally {
            ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mnt.toString()), Duration.ofSeconds(20));
            a.cleanUp();
        }
        Await.until("the forced loop device is freed", STOP, () -> !ProcessRunner.run("losetup", "-a").stdout()
                .contains(a.device + ":"));

        FuseAttachProcess b = attach(tgtd, iqn);
        try {
            ProcessResult byLun = FuseAttachProcess.verb("detach", "--target", iqn, "--lun", "1");
            assertEquals(0, byLun.exitCode(), byLun.describe());
            assertTrue(byLun.stdout().contains(b.device + " detached"), byLun.describe());
            assertTrue(b.awaitExit(STOP), "attach ends after detach --target --lun");
            assertEquals(0, b.process.exitValue(), b.stderr());
            assertFalse(ProcessRunner.run("losetup", "-a").stdout().contains(b.device + ":"), "loop device detached");
        } finally {
            b.cleanUp();
        }
    }

    @Test
    void forceDetachOfAStuckMountedDiskFailsItsIoAtOnce() throws Exception {
        String iqn = "iqn.2026-12.io.lunbridge.it:lifecycle-stuck";
        TgtdTarget tgtd = target(iqn);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        FuseAttachProcess a = attach(tgtd, iqn);
        Process writer = null;
        try {
            ProcessRunner.run("mkfs.ext4", "-q", "-F", a.device);
            ProcessRunner.run("mount", a.device, mnt.toString());
            tgtd.namespace().linkDown();
            writer = ProcessRunner.start(Command.of("dd", "if=/dev/zero", "of=" + mnt.resolve("stuck"), "bs=1M",
                    "count=4", "oflag=direct"), tmp.resolve("dd.out"), tmp.resolve("dd.err"));
            Process w = writer;
            // stuck = in uninterruptible sleep (D) waiting for the unreachable target, not just slow
            io.lunbridge.it.harness.Await.until("the writer blocked in the kernel on the unreachable target",
                    Duration.ofSeconds(30), () -> ProcessRunner.state(w.pid()) == 'D');
            assertTrue(writer.isAlive(), "the writer is stuck on the unreachable target");
            long start = System.nanoTime();
            ProcessResult forced = FuseAttachProcess.verb("detach", "--force", a.device);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(0, forced.exitCode(), forced.describe());
            assertTrue(seconds < 25, "a forced detach does not wait for the 30 s command timeout (" + seconds + " s)");
            assertTrue(ProcessRunner.awaitExit(writer, STOP), "the stuck writer gets its error");
            assertNotEquals(0, writer.exitValue(), "the writer saw EIO");
            assertEquals(0, ProcessRunner.run("umount", "-l", mnt.toString()).exitCode());
            tgtd.namespace().linkUp();
            assertTrue(a.awaitExit(STOP), "attach logs out and exits once the target is back");
        } finally {
            if (writer != null && writer.isAlive()) {
                ProcessRunner.kill(writer);
            }
            tgtd.namespace().linkUp();
            ProcessRunner.runAllowingFailure(Command.of("umount", "-l", mnt.toString()), Duration.ofSeconds(20));
            a.cleanUp();
        }
    }

    @Test
    void whatAKilledAttachLeavesIsCleanedByTheNextAttachAndByDetach() throws Exception {
        String iqn = "iqn.2026-12.io.lunbridge.it:lifecycle-killed";
        TgtdTarget tgtd = target(iqn);
        Path fuse = tmp.resolve("fuse");
        FuseAttachProcess a = attach(tgtd, iqn);
        FuseAttachProcess b = null;
        FuseAttachProcess c = null;
        try {
            ProcessRunner.kill(a.process);
            assertTrue(ProcessRunner.run("losetup", "-a").stdout().contains(a.device + ":"), "the loop device stays bound");
            assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + fuse + " "), "the FUSE mount stays");

            b = attach(tgtd, iqn);
            String report = b.stdout();
            assertTrue(report.contains("was killed; cleaning up after it"), report);
            assertTrue(report.contains("stale " + a.device + " (bound to a file of the dead FUSE mount " + fuse
                    + ") released"), report);
            assertTrue(report.contains("stale FUSE mount " + fuse + " (Transport endpoint is not connected) unmounted"),
                    report);
            ProcessRunner.run("dd", "if=/dev/urandom", "of=" + b.device, "bs=4096", "count=1", "oflag=direct",
                    "status=none");
            ProcessRunner.kill(b.process);

            ProcessResult cleaned = FuseAttachProcess.verb("detach", b.device);
            assertEquals(0, cleaned.exitCode(), cleaned.describe());
            assertTrue(cleaned.stdout().contains("was killed; cleaning up after it"), cleaned.describe());
            assertTrue(cleaned.stdout().contains("stale " + b.device), cleaned.describe());
            assertFalse(ProcessRunner.run("losetup", "-a").stdout().contains(fuse.toString()), "no loop device left");
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + fuse + " "), "no FUSE mount left");

            c = attach(tgtd, iqn);
            assertFalse(c.stdout().contains("killed"), "the lock was released by detach: " + c.stdout());
            c.terminate();
            assertTrue(c.awaitExit(STOP));
            assertEquals(143, c.process.exitValue(), c.stderr());
            assertTrue(Arrays.asList(c.stdout().split("\n")).contains(c.device + " detached"), c.stdout());
        } finally {
            for (FuseAttachProcess p : new FuseAttachProcess[] {c, b, a}) {
                if (p != null) {
                    p.cleanUp();
                }
            }
        }
    }
}
