package io.lunbridge.app.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Serves the control protocol (see the package documentation) on a Unix socket: one thread accepts,
 * each connection is answered on its own short-lived thread (a handler may wait, e.g. until a device
 * is detached). Peers are identified by SO_PEERCRED; only root and the server's own user are
 * answered. {@link #close()} stops accepting and removes the socket file.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ControlServer.class);
    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Map<String, Function<ControlRequest, ControlReply>> verbs;
    private final java.util.function.Predicate<String> allowed;
    private final Thread acceptor;

    private ControlServer(Path path, ServerSocketChannel server, Map<String, Function<ControlRequest, ControlReply>> verbs,
                          java.util.function.Predicate<String> allowed) {
        this.path = path;
        this.server = server;
        this.verbs = verbs;
        this.allowed = allowed;
        this.acceptor = new Thread(this::acceptLoop, "lunbridge-control");
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code path} (replacing a socket file left by a dead process) and starts answering
     * {@code verbs}.
     */
    public static ControlServer start(Path path, Map<String, Function<ControlRequest, ControlReply>> verbs)
            throws IOException {
        String own = System.getProperty("user.name");
        return start(path, verbs, user -> user.equals("root") || user.equals(own));
    }

    /**
     * As {@link #start(Path, Map)}, answering only peers whose user name (SO_PEERCRED) {@code allowed}
     * accepts; the others get {@code refused} naming their user.
     */
    public static ControlServer start(Path path, Map<String, Function<ControlRequest, ControlReply>> verbs,
                                      java.util.function.Predicate<String> allowed) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("control socket " + path + ": " + e.getMessage(), e);
        }
        ControlServer s = new ControlServer(path, ch, new TreeMap<>(verbs), allowed);
        s.acceptor.start();
        LOG.info("control socket {} answers: {}", path, String.join(", ", s.verbs.keySet()));
        return s;
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> answer(c), "lunbridge-control-request");
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("control socket {}: accept failed: {}", path, e.getMessage());
                return;
            }
        }
    }

    private void answer(SocketChannel c) {
        try (c) {
            UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            // the request is read in either case: closing with it unread would reset the connection and
            // lose the refusal
            String line = readLine(c);
            ControlReply reply;
            if (!allowed.test(user)) {
                reply = ControlReply.refused("user " + user + " may not control this process (root only)");
            } else {
                reply = handle(line);
            }
            LOG.debug("control request from user {}: {}", user, reply.status());
            c.write(ByteBuffer.wrap(reply.format().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.info("control connection on {} failed: {}", path, e.getMessage());
        }
    }

    private ControlReply handle(String line) {
        ControlRequest r;
        try {
            r = ControlRequest.parse(line);
        } catch (IllegalArgumentException e) {
            return ControlReply.error(e.getMessage());
        }
        Function<ControlRequest, ControlReply> h = verbs.get(r.verb());
        if (h == null) {
            return ControlReply.error("unknown request '" + r.verb() + "'; this process answers: "
                    + String.join(", ", verbs.keySet()));
        }
        LOG.info("control request '{}'", r.format());
        try {
            return h.apply(r);
        } catch (RuntimeException e) {
            LOG.warn("control request '{}' failed", r.format(), e);
            return ControlReply.error(r.verb() + " failed: " + e.getMessage());
        }
    }

    /** One LF-terminated line of at most {@link ControlRequest#MAX_LINE} bytes, within 5 s. */
    private static String readLine(SocketChannel c) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        long deadline = System.nanoTime() + READ_TIMEOUT_MILLIS * 1_000_000L;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(READ_TIMEOUT_MILLIS);
                if (c.isOpen() && System.nanoTime() >= deadline) {
                    c.shutdownInput();
                }
            } catch (InterruptedException | IOException e) {
                // the request arrived in time, or the connection is gone
            }
        }, "lunbridge-control-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            while (true) {
                one.clear();
                if (c.read(one) < 0) {
                    throw new IOException("the request did not end with a newline within " + READ_TIMEOUT_MILLIS / 1000
                            + " s");
                }
                byte b = one.get(0);
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (line.size() >= ControlRequest.MAX_LINE) {
                    throw new IOException("request line longer than " + ControlRequest.MAX_LINE + " bytes");
                }
                line.write(b);
            }
        } finally {
            watchdog.interrupt();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("closing control socket {}: {}", path, e.getMessage());
        }
    }
}
