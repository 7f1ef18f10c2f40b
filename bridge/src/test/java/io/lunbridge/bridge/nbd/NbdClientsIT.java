package io.lunbridge.bridge.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.Geometry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NBD server against real Debian NBD clients: libnbd's nbdinfo and nbdcopy, qemu-io and fio's
 * nbd engine, on a Unix socket in a temporary directory, serving the in-memory test device.
 */
class NbdClientsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int SIZE = 64 * 1024 * 1024;

    @TempDir
    Path tmp;
    private Path socket;
    private InMemoryBlockDevice device;
    private NbdServer server;

    @BeforeEach
    void start() throws Exception {
        device = new InMemoryBlockDevice(new Geometry(SIZE, 512, 4096, 65536, 1024 * 1024, false, true, true, true,
                true, true));
        InMemoryBlockDevice ro = new InMemoryBlockDevice(new Geometry(1 << 20, 4096, 4096, 0, 256 * 1024, true,
                false, false, false, false, false));
        socket = tmp.resolve("run/lunbridge/nbd.sock");
        ExportRegistry exports = new ExportRegistry(List.of(
                new NbdExport("lun1", "iqn.2026-01.test:disk LUN 1", device, List.of("", "disk")),
                new NbdExport("ro", "read-only LUN", ro)));
        server = new NbdServer(NbdServerConfig.unix(exports, socket));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            assertTrue(server.stop(Duration.ofSeconds(10)), "clean stop");
        }
    }

    private String uri(String export) {
        return "nbd+unix:///" + export + "?socket=" + socket;
    }

    private static String ok(ExternalCommand.Result r) {
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }

    @Test
    void socketAndDirectoryArePrivate() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void nbdinfoJsonShowsSizeFlagsAndBlockSizes() throws Exception {
        String json = ok(ExternalCommand.run(TIMEOUT, "nbdinfo", "--json", uri("lun1")));
        assertTrue(json.matches("(?s).*\"export-size\":\\s*67108864.*"), json);
        assertTrue(json.matches("(?s).*\"block_size_minimum\":\\s*512.*"), json);
        assertTrue(json.matches("(?s).*\"block_size_preferred\":\\s*65536.*"), json);
        assertTrue(json.matches("(?s).*\"block_size_maximum\":\\s*1048576.*"), json);
        for (String flag : List.of("can_flush", "can_fua", "can_trim", "can_zero", "can_fast_zero", "can_cache",
                "can_df", "can_multi_conn")) {
            assertTrue(json.matches("(?s).*\"" + flag + "\":\\s*true.*"), flag + " in " + json);
        }
        assertTrue(json.matches("(?s).*\"is_read_only\":\\s*false.*"), json);
        assertTrue(json.matches("(?s).*\"base:allocation\".*"), json);
        String ro = ok(ExternalCommand.run(TIMEOUT, "nbdinfo", "--json", uri("ro")));
        assertTrue(ro.matches("(?s).*\"is_read_only\":\\s*true.*"), ro);
        assertTrue(ro.matches("(?s).*\"block_size_minimum\":\\s*4096.*"), ro);
    }

    @Test
    void nbdinfoListShowsEveryExportWithDescription() throws Exception {
        String list = ok(ExternalCommand.run(TIMEOUT, "nbdinfo", "--list", "nbd+unix:///?socket=" + socket));
        assertTrue(list.contains("lun1"), list);
        assertTrue(list.contains("iqn.2026-01.test:disk LUN 1"), list);
        assertTrue(list.contains("ro"), list);
    }

    @Test
    void nbdinfoMapShowsAllocation() throws Exception {
        device.fill(1024 * 1024, new byte[128 * 1024]);
        String map = ok(ExternalCommand.run(TIMEOUT, "nbdinfo", "--map", uri("lun1")));
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(.*)$").matcher(map);
        StringBuilder seen = new StringBuilder();
        while (m.find()) {
            seen.append(m.group(1)).append('+').append(m.group(2)).append('=').append(m.group(3)).append(';');
        }
        assertEquals("0+1048576=3;1048576+131072=0;1179648+65929216=3;", seen.toString(), map);
    }

    @Test
    void qemuIoWriteReadDiscardZeroAndAio() throws Exception {
        String out = ok(ExternalCommand.run(TIMEOUT, "qemu-io", "-f", "raw", uri("lun1"),
                "-c", "write -P 0xab 0 64k",
                "-c", "read -P 0xab 0 64k",
                "-c", "write -P 0x11 128k 64k",
                "-c", "discard 128k 64k",
                "-c", "write -z 256k 64k",
                "-c", "read -P 0 256k 64k",
                "-c", "write -f -P 0x5a 512k 4k",
                "-c", "aio_write -P 0xcd 1M 64k",
                "-c", "aio_write -P 0xce 2M 64k",
                "-c", "aio_flush",
                "-c", "read -P 0xcd 1M 64k",
                "-c", "read -P 0xce 2M 64k",
                "-c", "flush"));
        assertFalse(out.contains("fail") || out.contains("error"), out);
        assertEquals((byte) 0xab, device.contents(0, 1)[0]);
        assertEquals((byte) 0x5a, device.contents(512 * 1024, 1)[0]);
        assertTrue(device.calls().stream().anyMatch(c -> c.op() == InMemoryBlockDevice.Op.DISCARD));
        assertTrue(device.calls().stream().anyMatch(c -> c.op() == InMemoryBlockDevice.Op.WRITE && c.fua()));
        assertTrue(device.calls().stream().anyMatch(c -> c.op() == InMemoryBlockDevice.Op.FLUSH));
    }

    @Test
    void nbdcopyRoundTripKeepsChecksums() throws Exception {
        byte[] data = new byte[16 * 1024 * 1024];
        new Random(42).nextBytes(data);
        java.util.Arrays.fill(data, 4 * 1024 * 1024, 6 * 1024 * 1024, (byte) 0);
        Path in = tmp.resolve("in.img");
        Path out = tmp.resolve("out.img");
        Files.write(in, data);
        ok(ExternalCommand.run(TIMEOUT, "nbdcopy", in.toString(), uri("lun1")));
        assertArrayEquals(sha256(data), sha256(device.contents(0, data.length)));
        ok(ExternalCommand.run(TIMEOUT, "nbdcopy", uri("lun1"), out.toString()));
        byte[] back = Files.readAllBytes(out);
        assertEquals(SIZE, back.length);
        assertArrayEquals(sha256(data), sha256(java.util.Arrays.copyOf(back, data.length)));
    }

    @Test
    void fioVerifiesCrc32cAtQueueDepthOne() throws Exception {
        fio(1);
    }

    @Test
    void fioVerifiesCrc32cAtQueueDepth32() throws Exception {
        fio(32);
    }

    private void fio(int iodepth) throws Exception {
        // --aux-path: fio's verify state file goes to the test's directory, not the module's
        String out = ok(ExternalCommand.run(TIMEOUT, "fio", "--aux-path=" + tmp, "--name=verify-qd" + iodepth,
                "--ioengine=nbd", "--uri=" + uri("lun1"), "--rw=randwrite", "--bs=4k", "--size=16m",
                "--iodepth=" + iodepth,
                "--verify=crc32c", "--do_verify=1", "--verify_fatal=1", "--norandommap=0", "--output-format=terse"));
        assertFalse(out.contains("verify:") || out.contains("bad magic"), out);
    }

    @Test
    void twoClientsAtOnceOnDisjointRanges() throws Exception {
        ExternalCommand a = ExternalCommand.start("qemu-io", "-f", "raw", uri("lun1"),
                "-c", "write -P 0x61 0 4M", "-c", "flush", "-c", "read -P 0x61 0 4M");
        ExternalCommand b = ExternalCommand.start("qemu-io", "-f", "raw", uri("disk"),
                "-c", "write -P 0x62 8M 4M", "-c", "flush", "-c", "read -P 0x62 8M 4M");
        try {
            String outA = ok(a.await(TIMEOUT));
            String outB = ok(b.await(TIMEOUT));
            assertFalse(outA.contains("fail") || outB.contains("fail"), outA + outB);
        } finally {
            a.stop();
            b.stop();
        }
        assertEquals((byte) 0x61, device.contents(4 * 1024 * 1024 - 1, 1)[0]);
        assertEquals((byte) 0x62, device.contents(12 * 1024 * 1024 - 1, 1)[0]);
        String both = ok(ExternalCommand.run(TIMEOUT, "qemu-io", "-f", "raw", "-r", uri("lun1"),
                "-c", "read -P 0x61 0 4M", "-c", "read -P 0x62 8M 4M"));
        assertFalse(both.contains("fail"), both);
    }

    @Test
    void stopWaitsForAWriteInFlight() throws Exception {
        device.pause();
        ExternalCommand writer = ExternalCommand.start("qemu-io", "-f", "raw", uri("lun1"), "-c", "write -P 0x77 0 64k");
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (device.pendingCount() == 0) {
                assertTrue(System.nanoTime() < deadline, "write never reached the device");
                Thread.onSpinWait();
            }
            java.util.concurrent.CompletableFuture<Boolean> stopped =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(60)));
            assertFalse(stopped.isDone(), "stop must wait for the write at the device");
            device.releaseAll();
            assertTrue(stopped.get(), "clean stop after the write completed");
            server = null;
            assertEquals((byte) 0x77, device.contents(65535, 1)[0]);
            assertFalse(Files.exists(socket), "socket removed on stop");
        } finally {
            writer.stop();
        }
    }

    @Test
    void tcpListenerServesTheSameExports() throws Exception {
        ExportRegistry exports = new ExportRegistry(List.of(new NbdExport("lun1", "", device)));
        NbdServer tcp = new NbdServer(NbdServerConfig.tcp(exports, new java.net.InetSocketAddress("127.0.0.1", 0)));
        tcp.start();
        try {
            int port = tcp.tcpAddress().orElseThrow().getPort();
            String json = ok(ExternalCommand.run(TIMEOUT, "nbdinfo", "--json", "nbd://127.0.0.1:" + port + "/lun1"));
            assertTrue(json.matches("(?s).*\"export-size\":\\s*67108864.*"), json);
        } finally {
            assertTrue(tcp.stop(Duration.ofSeconds(10)));
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
