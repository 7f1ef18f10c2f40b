package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Await;
import io.lunbridge.it.harness.NbdClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A {@link Workload} on one export of a lunbridge NBD socket together with its verification:
 * after the run a FLUSH, then every sector checked against the history in the LUN's backing file at
 * the target and, read back through lunbridge, on a fresh NBD connection.
 */
final class VerifiedWorkload implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(VerifiedWorkload.class);
    static final Duration DRAIN = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Path socket;
    private final String export;
    private final Path backing;
    private final NbdClient client;
    private final WriteHistory history;
    private final Workload workload;

    private VerifiedWorkload(Path socket, String export, Path backing, NbdClient client, WriteHistory history,
                             Workload workload) {
        this.socket = socket;
        this.export = export;
        this.backing = backing;
        this.client = client;
        this.history = history;
        this.workload = workload;
    }

    /** Connects to {@code export} on {@code socket} and starts the write-heavy workload. */
    static VerifiedWorkload start(Path socket, String export, Path backing, Workload.Settings settings)
            throws IOException {
        NbdClient client = NbdClient.connect(socket, export);
        WriteHistory history = new WriteHistory(client.info().sizeBytes() / SectorPattern.SECTOR);
        return new VerifiedWorkload(socket, export, backing, client, history, Workload.start(client, history, settings));
    }

    Workload workload() {
        return workload;
    }

    Timeline timeline() {
        return workload.timeline();
    }

    long mark(String event) {
        return workload.mark(event);
    }

    /** Waits until {@code n} more requests completed (successfully or not) than now. */
    void awaitMoreCompletions(int n, Duration timeout) {
        int target = timeline().completions() + n;
        Await.until(n + " more workload completions", timeout, () -> timeline().completions() >= target,
                () -> "completions " + timeline().completions() + ", failures " + timeline().failures().size());
    }

    /** Waits until {@code n} requests completed after event {@code mark}. */
    void awaitCompletionsAfter(String mark, int n, Duration timeout) {
        Await.until(n + " completions after '" + mark + "'", timeout, () -> timeline().completionsAfter(mark) >= n,
                () -> "completions after it: " + timeline().completionsAfter(mark) + ", failures "
                        + timeline().failures().size());
    }

    /** Stops the workload and drains it. */
    Workload.Result stop() throws InterruptedException {
        Workload.Result r = workload.stop(DRAIN);
        LOG.info("{}: {}", export, r.summary());
        System.out.println("[mpio] " + export + ": " + r.summary());
        return r;
    }

    /** FLUSH on the workload's connection; true when it succeeded. */
    boolean flush() throws Exception {
        if (!client.isConnected()) {
            return false;
        }
        return client.flush().get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS).ok();
    }

    /** Every sector of the LUN's backing file at the target against the history. */
    WriteHistory.Verdict verifyBackingFile() throws IOException {
        try (FileChannel f = FileChannel.open(backing, StandardOpenOption.READ)) {
            return history.verify("backing file " + backing, (sector, count) -> {
                ByteBuffer b = ByteBuffer.allocate(count * SectorPattern.SECTOR);
                long at = sector * SectorPattern.SECTOR;
                while (b.hasRemaining()) {
                    if (f.read(b, at + b.position()) < 0) {
                        break;
                    }
                }
                return b.flip();
            });
        }
    }

    /** Every sector read back through lunbridge on a new NBD connection, against the history. */
    WriteHistory.Verdict verifyReadBack() throws IOException {
        return verifyReadBackThrough(socket);
    }

    /** Like {@link #verifyReadBack()}, through the NBD socket of another lunbridge process. */
    WriteHistory.Verdict verifyReadBackThrough(Path nbdSocket) throws IOException {
        try (NbdClient reader = NbdClient.connect(nbdSocket, export)) {
            return history.verify("read back through lunbridge " + export, (sector, count) -> {
                try {
                    NbdClient.Reply r = reader.read(sector * SectorPattern.SECTOR, count * SectorPattern.SECTOR)
                            .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    if (!r.ok()) {
                        throw new IOException("read-back of " + count + " sectors at " + sector + " failed: NBD error "
                                + r.error());
                    }
                    return r.data();
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException("read-back of " + count + " sectors at " + sector + ": " + e, e);
                }
            });
        }
    }

    /**
     * The checks every fault test ends with: nothing unfinished, no read returned wrong data, the
     * backing file and the read-back both hold every acknowledged write.
     */
    void assertEveryAcknowledgedWriteKept(Workload.Result r) throws Exception {
        assertEquals(0, r.unfinished(), "requests without a reply: " + r.summary());
        assertTrue(r.readMismatches().isEmpty(), "reads during the run returned data the history does not allow: "
                + explain(r.readMismatches()) + "\nall: " + r.readMismatches());
        assertTrue(r.writesAcked() > 0, "the workload wrote something: " + r.summary());
        flush();
        WriteHistory.Verdict file = verifyBackingFile();
        System.out.println("[mpio] " + file.toString().lines().findFirst().orElse(""));
        assertTrue(file.clean(), explain(file.mismatches()) + "\n" + file);
        WriteHistory.Verdict back = verifyReadBack();
        System.out.println("[mpio] " + back.toString().lines().findFirst().orElse(""));
        assertTrue(back.clean(), explain(back.mismatches()) + "\n" + back);
    }

    /** The first mismatches with the times of the writes involved (run start = 0 ms; marks included). */
    String explain(List<WriteHistory.Mismatch> mismatches) {
        StringBuilder sb = new StringBuilder("events: " + timeline().marksSummary());
        mismatches.stream().limit(3).forEach(m -> {
            sb.append("\n  ").append(m).append(":\n    found ");
            sb.append(m.found() > 0 ? timeline().describeWrite(m.found()) : m.found() == 0 ? "zeroes" : "garbage");
            sb.append("\n    expected ").append(m.acked() > 0 ? timeline().describeWrite(m.acked()) : "zeroes");
        });
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
