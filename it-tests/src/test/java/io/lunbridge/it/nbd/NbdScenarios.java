package io.lunbridge.it.nbd;

import static io.lunbridge.it.nbd.NbdClients.ok;
import static io.lunbridge.it.nbd.NbdClients.qemuIo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.it.harness.Command;
import io.lunbridge.it.harness.TargetHostExtension;
import io.lunbridge.it.harness.Text;
import io.lunbridge.it.harness.WorkDirs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end scenarios shared by the tgtd and istgt suites: each drives one export with real NBD
 * clients and then checks the target's own backing file, so a lost or misplaced write cannot hide
 * behind a read path that has the same bug.
 */
final class NbdScenarios {
    static final long MIB = 1024 * 1024;

    private NbdScenarios() {
    }

    /**
     * nbdcopy of {@code size} pseudo-random bytes (with a zero run) from a tmpfs file into the export,
     * then SHA-256 of the source, of the export read back by nbdcopy and of the target's backing file.
     */
    static void nbdcopyRoundTrip(String uri, Path backing, long size, long seed) {
        Path dir = WorkDirs.newTmpfsDir("lbit-nbd-src");
        try {
            Path src = dir.resolve("src.img");
            NbdClients.writeRandomFile(src, size, seed, size / 4, size / 4 + size / 16);
            String expected = NbdClients.sha256OfFile(src);
            ok("nbdcopy", "--flush", src.toString(), uri);
            assertEquals(expected, NbdClients.sha256OfExport(uri), "read back through NBD");
            assertEquals(expected, NbdClients.sha256OfFile(backing), "the target's backing file");
        } finally {
            WorkDirs.deleteRecursively(dir);
        }
    }

    /**
     * qemu-io: write/read with patterns, discard (only when the export can trim), write zeroes over
     * data, a FUA write, and overlapping aio writes and reads; then the backing file's bytes.
     */
    static void qemuIoOperations(String uri, Path backing, boolean canTrim) {
        List<String> commands = new ArrayList<>(List.of(
                "write -P 0xab 0 64k",
                "read -P 0xab 0 64k",
                "write -P 0x11 128k 64k"));
        if (canTrim) {
            commands.add("discard 128k 64k");
        }
        commands.addAll(List.of(
                "write -P 0x22 256k 64k",
                "write -z 256k 64k",
                "read -P 0 256k 64k",
                "write -f -P 0x5a 512k 4k",
                "read -P 0x5a 512k 4k",
                "aio_write -P 0xcd 1M 1M",
                "aio_write -P 0xce 2M 1M",
                "aio_write -P 0xcf 3M 4k",
                "aio_flush",
                "aio_read -P 0xcd 1M 1M",
                "aio_read -P 0xce 2M 1M",
                "aio_flush",
                "read -P 0xcf 3M 4k",
                "flush"));
        String out = qemuIo(uri, commands.toArray(new String[0]));
        long flushes = commands.stream().filter(c -> c.endsWith("flush")).count();
        assertEquals(commands.size() - flushes, out.lines()
                .filter(l -> l.matches("^(wrote|read|discard) \\d+/\\d+ bytes at offset \\d+$")).count(),
                "every synchronous and aio request reported done:\n" + out);
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "r")) {
            assertEquals((byte) 0xab, at(f, 65535));
            if (!canTrim) {
                assertEquals((byte) 0x11, at(f, 128 * 1024), "no discard was sent");
            }
            assertEquals(0, at(f, 256 * 1024 + 100));
            assertEquals((byte) 0x5a, at(f, 512 * 1024));
            assertEquals((byte) 0xcd, at(f, 2 * MIB - 1));
            assertEquals((byte) 0xce, at(f, 2 * MIB));
            assertEquals((byte) 0xcf, at(f, 3 * MIB + 4095));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two qemu-io processes (two NBD connections, one of them with three aio writes in flight) write
     * the two halves of a 64 MiB range at once; both halves are then checked through NBD and in the
     * backing file.
     */
    static void twoWritersOnDisjointHalves(TargetHostExtension hosts, String uri, Path backing) throws Exception {
        Path logA = WorkDirs.newLogFile("qemu-io-a");
        Path logB = WorkDirs.newLogFile("qemu-io-b");
        Process a = hosts.startProcess(Command.of("qemu-io", "-f", "raw", uri,
                "-c", "write -P 0x61 0 32M", "-c", "flush"), logA);
        Process b = hosts.startProcess(Command.of("qemu-io", "-f", "raw", uri,
                "-c", "aio_write -P 0x62 32M 8M", "-c", "aio_write -P 0x63 40M 8M", "-c", "aio_write -P 0x64 48M 16M",
                "-c", "aio_flush"), logB);
        assertTrue(a.waitFor(NbdClients.TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                && b.waitFor(NbdClients.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "both writers finish");
        assertEquals(0, a.exitValue(), Text.tailOfFile(logA, 20));
        assertEquals(0, b.exitValue(), Text.tailOfFile(logB, 20));
        qemuIo(uri, "read -P 0x61 0 32M", "read -P 0x62 32M 8M", "read -P 0x63 40M 8M", "read -P 0x64 48M 16M");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "r")) {
            byte[] all = new byte[(int) (64 * MIB)];
            f.readFully(all);
            for (int i = 0; i < all.length; i += 4096) {
                int expected = i < 32 * MIB ? 0x61 : i < 40 * MIB ? 0x62 : i < 48 * MIB ? 0x63 : 0x64;
                assertEquals((byte) expected, all[i], "byte " + i + " of the backing file");
                assertEquals((byte) expected, all[i + 4095], "byte " + (i + 4095) + " of the backing file");
            }
        }
    }

    static byte at(RandomAccessFile f, long offset) throws IOException {
        f.seek(offset);
        return (byte) f.read();
    }
}
