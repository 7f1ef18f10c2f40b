package io.lunbridge.it.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.TgtdTarget;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM to a {@code lunbridge serve} process while a client is writing: the server stops
 * accepting, lets the requests at the target finish, logs out and exits; every write the client saw
 * acknowledged is in the target's backing file.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeDrainIT {
    private static final String IQN = "iqn.2026-11.io.lunbridge.it:nbd-drain";
    private static final long MIB = NbdScenarios.MIB;
    private static final int WRITES = 512;
    private static final Pattern WROTE = Pattern.compile("(?m)^wrote 1048576/1048576 bytes at offset (\\d+)$");

    @RegisterExtension
    final TargetHostExtension hosts = new TargetHostExtension();

    @Test
    void sigtermDrainsLogsOutAndKeepsEveryAcknowledgedWrite() throws Exception {
        TgtdTarget tgtd = hosts.tgtd();
        tgtd.addTarget(1, IQN);
        Path backing = tgtd.addLun(1, 1, WRITES * MIB);
        tgtd.bindAll(1);
        TmpfsDir work = hosts.register("work dir", new TmpfsDir("lbit-nbd-drain"));
        ServeProcess serve = hosts.register("serve", ServeProcess.start(tgtd.portal(), IQN,
                "iqn.2026-11.io.lunbridge.it:nbd-drain-client", work.path()));
        assertEquals(1, tgtd.connectionCount(1), "one session for all LUNs\n" + tgtd.showTargets());

        // 1 MiB writes one after the other, each with its own pattern; stdbuf: one line per completion
        List<String> argv = new ArrayList<>(List.of("stdbuf", "-oL", "qemu-io", "-f", "raw", serve.uri(IQN + "/lun1")));
        for (int i = 0; i < WRITES; i++) {
            argv.add("-c");
            argv.add("write -P " + pattern(i) + " " + i + "M 1M");
        }
        Path clientLog = WorkDirs.newLogFile("qemu-io-drain");
        Process client = hosts.startProcess(Command.of(argv.toArray(new String[0])), clientLog);
        Await.until("the client has 16 writes acknowledged", Duration.ofSeconds(60),
                () -> acknowledged(clientLog).size() >= 16 || !client.isAlive(), serve::diagnostics);
        assertTrue(client.isAlive(), "the client must still be writing when SIGTERM arrives: " + read(clientLog));

        int status = serve.terminate(Duration.ofSeconds(40));

        assertEquals(ServeProcess.EXIT_ON_SIGTERM, status, serve.diagnostics());
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client sees the connection end");
        String log = serve.log();
        assertTrue(log.contains("NBD server stopped") && !log.contains("closed forcibly"),
                "a clean drain, no connection closed forcibly:\n" + serve.diagnostics());
        assertFalse(log.contains("Exception"), serve.diagnostics());
        assertFalse(Files.exists(serve.socket()), "the socket is removed");
        Await.until("tgtd sees the session gone", Duration.ofSeconds(10), () -> tgtd.connectionCount(1) == 0,
                tgtd::showTargets);

        List<Long> acked = acknowledged(clientLog);
        assertTrue(acked.size() >= 16 && acked.size() < WRITES, "stopped mid-stream: " + acked.size() + " acknowledged");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "r")) {
            byte[] block = new byte[(int) MIB];
            for (long offset : acked) {
                f.seek(offset);
                f.readFully(block);
                int i = (int) (offset / MIB);
                for (int b = 0; b < block.length; b += 512) {
                    assertEquals((byte) pattern(i), block[b], "acknowledged write " + i + " at byte " + b);
                }
            }
        }
    }

    private static int pattern(int i) {
        return i % 250 + 1;
    }

    private static List<Long> acknowledged(Path log) {
        List<Long> offsets = new ArrayList<>();
        Matcher m = WROTE.matcher(read(log));
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
