package io.lunbridge.it.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.app.TargetLuns;
import io.lunbridge.bridge.fuse.FuseFile;
import io.lunbridge.bridge.fuse.FuseLoopAttachment;
import io.lunbridge.bridge.fuse.FuseServerConfig;
import io.lunbridge.bridge.fuse.LoopDevice;
import io.lunbridge.it.harness.NetworkNamespace;
import io.lunbridge.it.harness.ProcessResult;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.mpio.MpioSettings;
import io.lunbridge.mpio.PathEndpoint;
import io.lunbridge.protocol.initiator.Initiator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tgtd LUN as a local disk through FUSE + loop (the path for hosts without the nbd driver):
 * mkfs.ext4, mount, write, fsync, umount, fsck clean, remount and compare, detach. The fsync is shown
 * to reach the target as SYNCHRONIZE CACHE by a wrapper that counts flushes the LogicalUnit completed.
 * The server runs on the target's event loop: every request reaches the device on that loop's thread
 * (no hand-over), and fio's queue depth on the loop device still reaches the device.
 */
class FuseLoopTgtdIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:fuse-disk";
    private static final String INITIATOR = "iqn.2026-11.io.lunbridge.it:fuse-initiator";
    private static final long MIB = 1 << 20;
    private static final int FIO_SECONDS = Integer.getInteger("fuse.fio.seconds", 5);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @TempDir
    Path tmp;

    @Test
    void ext4OnATgtdLunThroughFuseAndLoop() throws Exception {
        NetworkNamespace ns = hosts.namespace();
        TgtdTarget tgtd = hosts.tgtd(ns);
        tgtd.addTarget(1, IQN);
        tgtd.addLun(1, 1, 64 * MIB);
        tgtd.bindAll(1);
        Path fuseDir = Files.createDirectory(tmp.resolve("fuse"));
        Path ext4Dir = Files.createDirectory(tmp.resolve("ext4"));
        byte[] data = new byte[(int) (3 * MIB + 4096)];
        new Random(42).nextBytes(data);
        String sum = sha256(data);

        try (Initiator initiator = new Initiator(Initiator.Settings.defaults(INITIATOR));
             TargetLuns luns = TargetLuns.open(initiator, IQN, List.of(new PathEndpoint(null, ns.peerAddress(),
                     TgtdTarget.PORT)), Optional.empty(), Optional.of(1), MpioSettings.defaults())) {
            FlushCountingDevice lun = new FlushCountingDevice(luns.units().get(0));
            Thread loopThread = luns.eventLoop().submit(Thread::currentThread).get();
            FuseLoopAttachment attachment = FuseLoopAttachment.attach(fuseDir, List.of(new FuseFile("lun1", lun)),
                    FuseServerConfig.DEFAULT, luns.eventLoop());
            try {
                LoopDevice loop = attachment.loopDevices().get("lun1");
                assertTrue(loop.directIo(), loop.device() + " uses direct I/O");
                String dev = loop.device().toString();
                queueDepthReachesTheDevice(dev, attachment);
                run("mkfs.ext4", "-q", "-F", dev);
                run("mount", dev, ext4Dir.toString());
                try {
                    Path file = ext4Dir.resolve("random.bin");
                    long before = lun.flushes();
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(data));
                        ch.force(true);
                    }
                    long after = lun.flushes();
                    assertTrue(after > before, "fsync of an ext4 file produced SYNCHRONIZE CACHE on the LUN ("
                            + before + " -> " + after + " flushes)");
                    assertTrue(attachment.server().counters().snapshot().flushesCompleted() >= after - before,
                            attachment.server().counters().snapshot().toString());
                    run("sync");
                } finally {
                    run("umount", ext4Dir.toString());
                }
                ProcessResult fsck = run("fsck.ext4", "-fn", dev);
                assertEquals(0, fsck.exitCode(), fsck.describe());
                run("mount", "-o", "ro", dev, ext4Dir.toString());
                try {
                    assertEquals(sum, sha256(Files.readAllBytes(ext4Dir.resolve("random.bin"))),
                            "file read back after remount");
                } finally {
                    run("umount", ext4Dir.toString());
                }
                assertEquals(0, attachment.server().counters().snapshot().errors(),
                        attachment.server().counters().snapshot().toString());
                assertEquals(Set.of(loopThread), lun.callers(), "every request reached the LUN on the target's loop");
            } finally {
                unmountIfMounted(ext4Dir);
                attachment.close();
            }
            assertTrue(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .noneMatch(l -> l.contains(fuseDir.toString())), "FUSE mount removed on detach");
        }
    }

    /**
     * 4k random reads at queue depth 32 on the loop device (libaio, direct): the FUSE server has many
     * of them in flight at once. Prints fio's IOPS and the server's peak in flight (the figure the
     * FUSE row of docs/performance.md quotes); asserts only that more than one was in flight.
     */
    private static void queueDepthReachesTheDevice(String dev, FuseLoopAttachment attachment) throws IOException {
        long cpuBefore = cpuTicks();
        ProcessResult fio = run("fio", "--name=qd32", "--filename=" + dev, "--rw=randread", "--bs=4k", "--direct=1",
                "--ioengine=libaio", "--iodepth=32", "--runtime=" + FIO_SECONDS, "--time_based", "--size=32m",
                "--output-format=terse", "--terse-version=3");
        assertEquals(0, fio.exitCode(), fio.describe());
        long cpu = cpuTicks() - cpuBefore;
        String[] terse = fio.stdout().trim().split(";");
        long peak = attachment.server().counters().snapshot().maxInFlight();
        long ios = Long.parseLong(terse[7]) * FIO_SECONDS;
        System.out.println("FUSE+loop 4k randread QD32 " + FIO_SECONDS + " s: " + terse[7] + " IOPS, peak in flight "
                + peak + ", this JVM's CPU " + (cpu * 10_000L / Math.max(1, ios)) + " us per I/O");
        assertTrue(peak > 1, "queue depth reached the device: peak " + peak + " in flight");
    }

    /** utime + stime of this JVM in clock ticks (USER_HZ, 100 on Linux), from /proc/self/stat. */
    private static long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static ProcessResult run(String... argv) {
        return ProcessRunner.run(Command.of(argv), Duration.ofSeconds(120));
    }

    private static void unmountIfMounted(Path dir) throws IOException {
        if (Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" " + dir + " "))) {
            ProcessRunner.runAllowingFailure(Command.of("umount", dir.toString()), Duration.ofSeconds(60));
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
