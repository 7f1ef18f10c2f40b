package io.lunbridge.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lunbridge.block.BlockDevice;
import io.lunbridge.block.BlockIoException;
import io.lunbridge.block.Geometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block metrics decorator, the registry's rules and the /metrics endpoint on a Unix socket. */
class MetricsTest {
    /** A sample line of the text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? -?([0-9.eE+-]+|\\+Inf|NaN)");

    @TempDir
    Path tmp;

    /** 1 MiB of memory; futures completed at once unless {@link #hold} is set. */
    static final class MemoryDevice implements BlockDevice {
        final byte[] data = new byte[1 << 20];
        final List<CompletableFuture<Void>> held = new ArrayList<>();
        boolean hold;

        @Override
        public Geometry geometry() {
            return new Geometry(data.length, 512, 512, 65536, 1 << 20, false, false, false, false, false, false);
        }

        @Override
        public CompletableFuture<ByteBuf> read(long offset, int length) {
            if (offset + length > data.length) {
                return CompletableFuture.failedFuture(new BlockIoException(BlockIoException.Kind.INVALID, "beyond the end"));
            }
            return CompletableFuture.completedFuture(Unpooled.copiedBuffer(data, (int) offset, length));
        }

        @Override
        public CompletableFuture<Void> write(long offset, ByteBuf buf, boolean fua) {
            buf.readBytes(data, (int) offset, buf.readableBytes());
            buf.release();
            return done();
        }

        private CompletableFuture<Void> done() {
            if (hold) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> flush() {
            return done();
        }

        @Override
        public CompletableFuture<Void> discard(long offset, long length) {
            return CompletableFuture.failedFuture(new IllegalStateException("session lost"));
        }

        @Override
        public CompletableFuture<Void> writeZeroes(long offset, long length, boolean mayUnmap, boolean fua) {
            return done();
        }

        @Override
        public CompletableFuture<List<Extent>> blockStatus(long offset, long length) {
            return CompletableFuture.completedFuture(List.of(new Extent(offset, length, true, false)));
        }
    }

    static String text(MetricsRegistry r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeText(out);
        String s = out.toString(StandardCharsets.UTF_8);
        for (String line : s.split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ") || SAMPLE.matcher(line).matches(),
                    "not a text-format line: " + line);
        }
        return s;
    }

    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no series " + series + " in\n" + text);
    }

    @Test
    void everyRequestIsCountedWithItsBytesLatencyAndErrors() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        BlockDevice d = new BlockMetrics(registry).meter("iqn.2026-12.org.example:a/lun1", new MemoryDevice());
        for (int i = 0; i < 5; i++) {
            d.write(i * 4096L, Unpooled.wrappedBuffer(new byte[4096]), false).join();
        }
        for (int i = 0; i < 3; i++) {
            d.read(i * 8192L, 8192).join().release();
        }
        assertTrue(d.read(1 << 20, 512).isCompletedExceptionally());
        assertTrue(d.discard(0, 4096).isCompletedExceptionally());
        d.flush().join();

        String t = text(registry);
        String lun = "lun=\"iqn.2026-12.org.example:a/lun1\"";
        assertEquals(5, value(t, "lunbridge_block_requests_total{" + lun + ",op=\"write\"}"));
        assertEquals(4, value(t, "lunbridge_block_requests_total{" + lun + ",op=\"read\"}"), "the failed read counts too");
        assertEquals(1, value(t, "lunbridge_block_requests_total{" + lun + ",op=\"flush\"}"));
        assertEquals(5 * 4096, value(t, "lunbridge_block_bytes_total{" + lun + ",op=\"write\"}"));
        assertEquals(3 * 8192, value(t, "lunbridge_block_bytes_total{" + lun + ",op=\"read\"}"), "failed reads move no bytes");
        assertEquals(1, value(t, "lunbridge_block_errors_total{kind=\"invalid\"," + lun + ",op=\"read\"}"));
        assertEquals(1, value(t, "lunbridge_block_errors_total{kind=\"other\"," + lun + ",op=\"discard\"}"));
        assertEquals(5, value(t, "lunbridge_block_request_duration_seconds_count{" + lun + ",op=\"write\"}"));
        assertEquals(5, value(t, "lunbridge_block_request_duration_seconds_bucket{" + lun + ",op=\"write\",le=\"+Inf\"}"));
        assertEquals(0, value(t, "lunbridge_block_in_flight_requests{" + lun + "}"));
        assertEquals(0, value(t, "lunbridge_block_requests_total{" + lun + ",op=\"block_status\"}"),
                "series exist from the start, so rates work from the first scrape");
    }

    @Test
    void inFlightIsTheQueueDepth() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        MemoryDevice mem = new MemoryDevice();
        BlockDevice d = new BlockMetrics(registry).meter("l", mem);
        mem.hold = true;
        d.flush();
        d.writeZeroes(0, 4096, false, false);
        d.write(0, Unpooled.wrappedBuffer(new byte[512]), true);
        assertEquals(3, value(text(registry), "lunbridge_block_in_flight_requests{lun=\"l\"}"));
        mem.held.forEach(f -> f.complete(null));
        assertEquals(0, value(text(registry), "lunbridge_block_in_flight_requests{lun=\"l\"}"));
    }

    @Test
    void namesFollowTheConventions() {
        MetricsRegistry r = new MetricsRegistry();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.counter("path_failovers_total", "x"));
        assertTrue(e.getMessage().contains("'path_failovers_total'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.latency("lunbridge_path_latency_ms", "x"));
        r.counter("lunbridge_path_failovers_total", "failovers", "lun");
        assertThrows(IllegalArgumentException.class, () -> r.counter("lunbridge_path_failovers_total", "again"));
    }

    @Test
    void callbackGaugesAreReadAtScrapeTime() throws Exception {
        MetricsRegistry r = new MetricsRegistry();
        double[] countdown = {30};
        r.gauge("lunbridge_path_replacement_remaining_seconds", "time left", List.of("lun"),
                cb -> cb.call(countdown[0], "l"));
        assertEquals(30, value(text(r), "lunbridge_path_replacement_remaining_seconds{lun=\"l\"}"));
        countdown[0] = 12.5;
        assertEquals(12.5, value(text(r), "lunbridge_path_replacement_remaining_seconds{lun=\"l\"}"));
    }

    static String get(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (c.read(b) >= 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theUnixSocketAnswersGetMetricsAndRefusesTheRest() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("lunbridge_test_events_total", "events").inc(7);
        Path socket = tmp.resolve("run/metrics.sock");
        try (MetricsEndpoint e = MetricsEndpoint.start(registry, Optional.of(socket), Optional.empty())) {
            String ok = get(socket, "GET /metrics HTTP/1.1\r\nHost: lunbridge\r\n\r\n");
            assertTrue(ok.startsWith("HTTP/1.1 200 OK\r\n"), ok);
            assertTrue(ok.contains("Content-Type: text/plain; version=0.0.4"), ok);
            assertTrue(ok.endsWith("lunbridge_test_events_total 7.0\n"), ok);
            assertTrue(get(socket, "GET /other HTTP/1.0\r\n\r\n").startsWith("HTTP/1.1 404 "));
            assertTrue(get(socket, "POST /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405 "));
            assertTrue(get(socket, "hello\r\n\r\n").startsWith("HTTP/1.1 400 "));
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket)));
            UncheckedIOException inUse = assertThrows(UncheckedIOException.class,
                    () -> MetricsEndpoint.start(registry, Optional.of(socket), Optional.empty()));
            assertTrue(inUse.getMessage().contains(socket + ": in use by a running process"), inUse.getMessage());
        }
        assertTrue(Files.notExists(socket), "close removes the socket");
    }

    @Test
    void aStaleSocketIsReplacedAndAFileIsRefused() throws Exception {
        Path socket = tmp.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // the socket file stays, nobody listens: what a SIGKILL leaves behind
        MetricsRegistry registry = new MetricsRegistry();
        try (MetricsEndpoint e = MetricsEndpoint.start(registry, Optional.of(socket), Optional.empty())) {
            assertTrue(get(socket, "GET /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200 OK"));
        }
        Path file = tmp.resolve("plain");
        Files.writeString(file, "keep me");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> MetricsEndpoint.start(registry, Optional.of(file), Optional.empty()));
        assertTrue(e.getMessage().contains(file + ": exists and is not a socket"), e.getMessage());
        assertEquals("keep me", Files.readString(file));
    }
}
