package io.lunbridge.it.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.ChildOutput;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunbridge attach} as a user runs it, on this kind of machine (no nbd driver): auto mode
 * falls back to FUSE + loop, the LUN becomes /dev/loopN, ext4 is made, written, fsck'd, and SIGTERM
 * detaches and logs out (the target sees no session afterwards).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AttachAutoFuseIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:attach-disk";
    private static final Pattern DEVICE = Pattern.compile("(?m)^lun1 (/dev/loop\\d+) ");

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void autoModeWithoutTheNbdDriverAttachesThroughFuseAndLoop() throws Exception {
        assertFalse(Files.exists(Path.of("/dev/nbd0")), "this test is for kernels without the nbd driver");
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 64L << 20);
        tgtd.bindAll(1);
        Path jar = Path.of(System.getProperty("lunbridge.jar", "../packaging/target/lunbridge.jar")).toAbsolutePath();
        Path out = WorkDirs.newLogFile("attach-out");
        Path err = WorkDirs.newLogFile("attach-err");
        Process attach = ProcessRunner.start(Command.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                jar.toString(), "attach", "--portal", ns.peerAddress(), "--target", IQN, "--lun", "1", "--mount-dir",
                tmp.resolve("fuse").toString(), "--config-dir", tmp.resolve("etc").toString()), out, err);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        String device = null;
        try {
            device = ChildOutput.awaitGroup(attach, out, err, DEVICE, "attach prints its loop device",
                    Duration.ofSeconds(60));
            assertEquals(String.valueOf(64L << 20), ProcessRunner.run("blockdev", "--getsize64", device).stdout().trim());
            ProcessRunner.run("mkfs.ext4", "-q", "-F", device);
            ProcessRunner.run("mount", device, mnt.toString());
            byte[] data = new byte[1 << 20];
            new Random(5).nextBytes(data);
            Files.write(mnt.resolve("file"), data);
            ProcessRunner.run("sync");
            ProcessRunner.run("umount", mnt.toString());
            ProcessRunner.run(Command.of("fsck.ext4", "-fn", device), Duration.ofSeconds(60));
            ProcessRunner.run("mount", "-o", "ro", device, mnt.toString());
            assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(mnt.resolve("file"))), "file read back");
            ProcessRunner.run("umount", mnt.toString());
            attach.destroy();
            assertTrue(ProcessRunner.awaitExit(attach, Duration.ofSeconds(60)), "attach exits after SIGTERM");
            assertEquals(0, tgtd.connectionCount(1), "the session logged out");
            String dev = device;
            assertFalse(ProcessRunner.run("losetup", "-a").stdout().contains(dev + ":"), "loop device detached");
        } finally {
            ProcessRunner.runAllowingFailure(Command.of("umount", mnt.toString()), Duration.ofSeconds(20));
            if (!ProcessRunner.stop(attach, Duration.ofSeconds(30))) {
                ProcessRunner.kill(attach);
            }
        }
    }
}
