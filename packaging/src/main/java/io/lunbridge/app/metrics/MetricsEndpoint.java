package io.lunbridge.app.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers {@code GET /metrics} (HTTP/1.x, one request per connection) with the registry in the
 * Prometheus text format, on a Unix socket ({@code curl --unix-socket PATH http://lunbridge/metrics})
 * and optionally a TCP address for a Prometheus server. Written on the JDK's blocking channels
 * rather than an HTTP library: a scrape every few seconds needs one request line and one response,
 * and the JDK's own HTTP server cannot listen on a Unix socket.
 *
 * <p>The Unix socket is mode 0660 (give a scraper's user the socket's group to read it); a stale
 * socket left by a killed process is replaced, a socket another process listens on and any other
 * file at the path are refused.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(MetricsEndpoint.class);
    private static final int MAX_REQUEST = 8192;

    private final MetricsRegistry registry;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    /** The socket this endpoint bound (and so removes at close); never a file it refused. */
    private Path boundSocket;
    private final ExecutorService workers;
    private InetSocketAddress tcpAddress;

    private MetricsEndpoint(MetricsRegistry registry) {
        this.registry = registry;
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lunbridge-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts listening.
     *
     * @param socket Unix socket path, or empty for none
     * @param tcp TCP address (port 0: any free port), or empty for none
     * @throws UncheckedIOException naming the socket or address that cannot be bound
     */
    public static MetricsEndpoint start(MetricsRegistry registry, Optional<Path> socket, Optional<InetSocketAddress> tcp) {
        MetricsEndpoint e = new MetricsEndpoint(registry);
        try {
            socket.ifPresent(e::bindUnix);
            tcp.ifPresent(e::bindTcp);
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    /** The bound TCP address (with the real port), if listening on TCP. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcpAddress);
    }

    private void bindUnix(Path path) {
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).isOther()) {
                    throw new IOException("exists and is not a socket");
                }
                if (listening(path)) {
                    throw new IOException("in use by a running process");
                }
                Files.delete(path); // a stale socket of a process that did not close it
            }
            Files.createDirectories(path.toAbsolutePath().getParent());
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listeners.add(ch);
            ch.bind(UnixDomainSocketAddress.of(path));
            boundSocket = path;
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            accept(ch, "unix:" + path);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics socket " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean listening(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private void bindTcp(InetSocketAddress address) {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            listeners.add(ch);
            ch.bind(address);
            tcpAddress = (InetSocketAddress) ch.getLocalAddress();
            accept(ch, "tcp:" + tcpAddress.getHostString() + ":" + tcpAddress.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("metrics address " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    private void accept(ServerSocketChannel ch, String where) {
        Thread t = new Thread(() -> {
            while (ch.isOpen()) {
                try {
                    SocketChannel client = ch.accept();
                    workers.execute(() -> answer(client));
                } catch (ClosedChannelException closed) {
                    return;
                } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                    if (ch.isOpen()) {
                        LOG.warn("metrics {}: accept failed: {}", where, e.getMessage());
                    }
                    return;
                }
            }
        }, "lunbridge-metrics-accept");
        t.setDaemon(true);
        t.start();
        LOG.info("metrics served on {}", where);
    }

    private void answer(SocketChannel client) {
        try (client) {
            String request = requestHead(client);
            String line = request.lines().findFirst().orElse("");
            String[] parts = line.split(" ");
            byte[] body;
            String status;
            String type = "text/plain; charset=utf-8";
            if (parts.length < 3 || !parts[2].startsWith("HTTP/1.")) {
                status = "400 Bad Request";
                body = "expected 'GET /metrics HTTP/1.1'\n".getBytes(StandardCharsets.UTF_8);
            } else if (!parts[0].equals("GET") && !parts[0].equals("HEAD")) {
                status = "405 Method Not Allowed";
                body = ("method " + parts[0] + " not allowed; use GET\n").getBytes(StandardCharsets.UTF_8);
            } else if (!parts[1].equals("/metrics") && !parts[1].startsWith("/metrics?")) {
                status = "404 Not Found";
                body = ("no " + parts[1] + " here; metrics are at /metrics\n").getBytes(StandardCharsets.UTF_8);
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                registry.writeText(out);
                body = out.toByteArray();
                status = "200 OK";
                type = registry.contentType();
            }
            String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            write(client, head.getBytes(StandardCharsets.US_ASCII));
            if (!parts[0].equals("HEAD")) {
                write(client, body);
            }
        } catch (IOException e) {
            LOG.debug("metrics client went away: {}", e.getMessage());
        }
    }

    /** The request up to the blank line (at most {@link #MAX_REQUEST} bytes). */
    private static String requestHead(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            if (client.read(buf) < 0) {
                break;
            }
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
            if (s.contains("\r\n\r\n") || s.contains("\n\n")) {
                return s;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
    }

    private static void write(SocketChannel client, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            client.write(b);
        }
    }

    /** Stops listening and removes the Unix socket. */
    @Override
    public void close() {
        for (ServerSocketChannel ch : listeners) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing a metrics listener: {}", e.getMessage());
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (boundSocket != null) {
            try {
                Files.deleteIfExists(boundSocket);
            } catch (IOException e) {
                LOG.warn("cannot remove metrics socket {}: {}", boundSocket, e.getMessage());
            }
        }
    }
}
