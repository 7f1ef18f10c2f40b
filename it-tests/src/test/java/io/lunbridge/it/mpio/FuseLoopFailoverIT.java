package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.ChildOutput;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.KernelLog;
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
import java.util.concurrent.locks.LockSupport;
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
    /** Beyond the kernel's hung-task report (kernel.hung_task_timeout_secs, 120 s by default). */
    private static final Duration LONG_OUTAGE = Duration.ofSeconds(130);

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @Test
    void activeLinkDownDuringFioWritesOnTheLoopDeviceNoErrorAndAllVerified() throws Exception {
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        Path work = hosts.register("work dir", new TmpfsDir("lbit-mpio-fuse")).path();
        Attach a = attach(t, work, Integer.toString(PathFailoverIT.TIMEOUT_S));
        Process attach = a.process();
        Path err = a.err();
        String device = a.device();

        Path fioLog = WorkDirs.newLogFile("mpio-fio");
        long txBefore = t.links().stream().mapToLong(LinkTraffic::txBytes).sum();
        Process fio = hosts.startProcess(Command.of("fio", "--aux-path=" + work, "--name=mpio-fuse",
                "--filename=" + device, "--direct=1", "--ioengine=libaio", "--iodepth=16", "--rw=randwrite", "--bsrange=4k-256k",
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

    /**
     * What FUSE and the loop device do with requests that wait minutes: with
     * {@code --replacement-timeout queue} both links go down for {@link #LONG_OUTAGE} (beyond the
     * kernel's 120 s hung-task report) while four fio writers (synchronous direct I/O, so a writer
     * waits in D state) have writes outstanding on the loop device. Nothing may fail in between:
     * no error reaches fio, the device stays QUEUEING; once the links are back every waiting write
     * completes, fio verifies all it wrote, the LUN holds what the loop device reads, and the kernel
     * logged no I/O error for the loop device (a hung-task report is a warning and only printed).
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void allLinksDownForMinutesWithQueueingTheWaitingWritesCompleteAndAllVerify() throws Exception {
        assumeTrue(sysctl("hung_task_panic").equals("0"),
                "kernel.hung_task_panic is set: a writer blocked for more than hung_task_timeout_secs would panic"
                        + " the machine");
        TwoPathTarget t = TwoPathTarget.create(hosts, IQN, LUN_SIZE);
        Path work = hosts.register("work dir", new TmpfsDir("lbit-mpio-fuse-long")).path();
        Attach a = attach(t, work, "queue");
        String loop = Path.of(a.device()).getFileName().toString();
        KernelLog kernel = KernelLog.mark();

        Path fioLog = WorkDirs.newLogFile("mpio-fio-long");
        long txBefore = t.links().stream().mapToLong(LinkTraffic::txBytes).sum();
        Process fio = hosts.startProcess(Command.of("fio", "--aux-path=" + work, "--name=mpio-fuse-long",
                "--filename=" + a.device(), "--direct=1", "--ioengine=psync", "--numjobs=4", "--size=8m",
                "--offset_increment=8m", "--rw=randwrite", "--bsrange=4k-256k", "--rate=256k", "--verify=crc32c",
                "--verify_fatal=1", "--do_verify=1", "--randrepeat=0", "--group_reporting"), fioLog);
        Await.until("fio's writes reach the target", Duration.ofSeconds(60),
                () -> t.links().stream().mapToLong(LinkTraffic::txBytes).sum() - txBefore >= 1 << 20,
                () -> read(fioLog));
        long down = System.nanoTime();
        t.a().down();
        t.b().down();
        try {
            Await.until("a writer waits in D state on the loop device and the device is QUEUEING",
                    Duration.ofSeconds(60), () -> blockedWriters(fio) > 0 && inFlight(loop) > 0
                            && "QUEUEING".equals(LunbridgeStatus.device(a.control(), t.export(1)).state()),
                    () -> read(fioLog) + "\n" + Text.tailOfFile(a.err(), 20));
            while (System.nanoTime() - down < LONG_OUTAGE.toNanos() && fio.isAlive()) {
                LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // the outage itself
            }
            long outage = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - down);
            assertTrue(fio.isAlive(), "no error reached the writers during the outage (" + outage + " s):\n"
                    + read(fioLog));
            LunbridgeStatus.Device during = LunbridgeStatus.device(a.control(), t.export(1));
            assertEquals("QUEUEING", during.state(), "after " + outage + " s without a path: " + during);
            int blocked = blockedWriters(fio);
            long waiting = inFlight(loop);
            assertTrue(blocked > 0 && waiting > 0, "writes still wait after " + outage + " s: " + blocked
                    + " writers in D state, " + waiting + " requests in flight on " + loop);
            System.out.printf("[mpio] fuse-loop, all links down %d s: %d writers in D state, %d requests in flight"
                    + " on %s, device %s%n", outage, blocked, waiting, loop, during.state());
        } finally {
            t.a().up();
            t.b().up();
        }
        long up = System.nanoTime();
        assertTrue(fio.waitFor(180, TimeUnit.SECONDS), "fio finishes after the links came back\n" + read(fioLog));
        String report = read(fioLog);
        assertEquals(0, fio.exitValue(), report + "\n" + Text.tailOfFile(a.err(), 30));
        assertTrue(report.contains("err= 0"), report);
        assertEquals(sha256(Path.of(a.device()), 4 * (8L << 20)), sha256(t.backing(1), 4 * (8L << 20)),
                "the loop device reads what the target's backing file holds");
        List<String> logged = kernel.linesSince();
        Pattern loopError = Pattern.compile("(?i)\\b" + loop + "\\b.*error|error.*\\b" + loop + "\\b");
        List<String> ioErrors = logged.stream().filter(l -> loopError.matcher(l).find()).toList();
        assertEquals(List.of(), ioErrors, "no I/O error on " + loop + " in the kernel log");
        List<String> hung = logged.stream().filter(l -> l.contains("blocked for more than")).toList();
        System.out.printf("[mpio] fuse-loop: fio finished %.1f s after the links came back; kernel log since the"
                + " start: %d lines, %d hung-task reports (hung_task_timeout_secs %s, check interval %s)%s%n",
                (System.nanoTime() - up) / 1e9, logged.size(), hung.size(), sysctl("hung_task_timeout_secs"),
                sysctl("hung_task_check_interval_secs"), hung.isEmpty() ? "" : ": " + hung);
        a.process().destroy();
        assertTrue(ProcessRunner.awaitExit(a.process(), Duration.ofSeconds(60)), "attach exits after SIGTERM");
    }

    /** A kernel.* sysctl (read whole: /proc/sys files report size 0). */
    private static String sysctl(String name) throws IOException {
        if (!Files.exists(Path.of("/proc/sys/kernel", name))) {
            return "0"; // a kernel without hung-task detection: nothing to panic, nothing to report
        }
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel", name))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
    }

    /** fio's processes in uninterruptible sleep (D), i.e. waiting in the kernel for their I/O. */
    private static int blockedWriters(Process fio) {
        return (int) java.util.stream.Stream.concat(java.util.stream.Stream.of(fio.toHandle()), fio.descendants())
                .filter(p -> ProcessRunner.state(p.pid()) == 'D').count();
    }

    /** Requests in flight on loop device {@code loop} (/sys/block/loopN/inflight: reads, writes). */
    private static long inFlight(String loop) {
        try {
            String[] rw = Files.readString(Path.of("/sys/block", loop, "inflight")).trim().split("\\s+");
            return Long.parseLong(rw[0]) + Long.parseLong(rw[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A running {@code attach --mode fuse-loop} of LUN 1 over both paths of {@code t}.
     *
     * @param process the attach process
     * @param out     its stdout
     * @param err     its stderr
     * @param device  the loop device it printed
     * @param control its control socket
     */
    record Attach(Process process, Path out, Path err, String device, Path control) {
    }

    /** Starts attach over both paths with replacement timeout {@code timeout} and waits for its loop device. */
    private Attach attach(TwoPathTarget t, Path work, String timeout) {
        MpioServe.writeConfig(work);
        MpioServe.Options options = t.bothPaths(INITIATOR, timeout);
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
        return new Attach(attach, out, err, device, MpioServe.controlSocket(work));
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
