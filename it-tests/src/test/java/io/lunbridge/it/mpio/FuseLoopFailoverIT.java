package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.ChildOutput;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.Link;
import io.lunbridge.it.harness.ProcessRunner;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import io.lunbridge.it.nbd.ServeProcess;
import io.lunbridge.it.nbd.TmpfsDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lunbridge attach --mode fuse-loop} over two interface-bound paths: fio writes random blocks
 * with checksums to the loop device (direct I/O, queue depth 16, rate-limited so the run spans the
 * fault), the active link is pulled during the writes; fio must see no error and verify every block
 * it wrote, and the target's backing file must hold exactly what the loop device reads.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FuseLoopFailoverIT {
    private static final String IQN = "iqn.2026-12.io.lunbridge.it:mpio-fuse";
    private static final String INITIATOR = "iqn.2026-12.io.lunbridge.it:mpio-fuse-client";
    private static final long LUN_SIZE = 64L << 20;
    private static final long FIO_SIZE = 32L << 20;
    private static final Pattern DEVICE = Pattern.compile("(?m)^lun1 (/dev/loop\\d+) ");

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @Test
    void activeLinkDownDuringFioWritesOnTheLoopDeviceNoErrorAndAllVerified() throws Exception {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        Path work = hosts.register("work dir", new TmpfsDir("lbit-mpio-fuse")).path();
        MpioServe.writeConfig(work);
        MpioServe.Options options = t.bothPaths(INITIATOR, Integer.toString(PathFailoverIT.TIMEOUT_S));
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx256m", "-Dlunbridge.log.level=INFO", "-jar",
                ServeProcess.jar().toString(), "attach", "--mode", "fuse-loop", "--lun", "1",
                "--mount-dir", work.resolve("fuse").toString(), "--config-dir", work.resolve("etc").toString()));
        argv.addAll(options.args(work));
        Path out = WorkDirs.newLogFile("mpio-attach-out");
        Path err = WorkDirs.newLogFile("mpio-attach-err");
        Process attach = ProcessRunner.start(Command.of(argv.toArray(new String[0])), out, err);
        hosts.register("attach " + attach.pid(), () -> ProcessRunner.stop(attach, Duration.ofSeconds(30)));
        String device = ChildOutput.awaitGroup(attach, out, err, DEVICE, "attach prints its loop device",
                Duration.ofSeconds(60));

        Path fioLog = WorkDirs.newLogFile("mpio-fio");
        long txBefore = t.links().stream().mapToLong(LinkTraffic::txBytes).sum();
        Process fio = hosts.startProcess(Command.of("fio", "--name=mpio-fuse", "--filename=" + device,
                "--direct=1", "--ioengine=libaio", "--iodepth=16", "--rw=randwrite", "--bsrange=4k-256k",
                "--size=" + FIO_SIZE, "--rate=3m", "--verify=crc32c", "--verify_fatal=1", "--do_verify=1",
                "--randrepeat=0"), fioLog);
        Await.until("fio's writes reach the target", Duration.ofSeconds(60),
                () -> t.links().stream().mapToLong(LinkTraffic::txBytes).sum() - txBefore >= 1 << 20,
                () -> read(fioLog));
        Link active = LinkTraffic.busiest(t.links(), 1000, 256 << 10);
        assertTrue(fio.isAlive(), "fio still writing when the link goes down:\n" + read(fioLog));
        long down = System.nanoTime();
        active.down();
        try {
            assertTrue(fio.waitFor(120, TimeUnit.SECONDS), "fio finishes\n" + read(fioLog));
            System.out.printf("[mpio] fuse-loop: fio finished %.1f s after %s went down%n",
                    (System.nanoTime() - down) / 1e9, active.hostInterface());
            String report = read(fioLog);
            assertEquals(0, fio.exitValue(), report + "\n" + Text.tailOfFile(err, 30));
            assertTrue(report.contains("err= 0"), report);
            assertEquals(sha256(Path.of(device), FIO_SIZE), sha256(t.backing(1), FIO_SIZE),
                    "the loop device reads what the target's backing file holds");
        } finally {
            active.up();
        }
        attach.destroy();
        assertTrue(ProcessRunner.awaitExit(attach, Duration.ofSeconds(60)), "attach exits after SIGTERM");
    }

    private static String sha256(Path file, long length) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(file + " shorter than " + length);
                }
                md.update(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
