package io.lunbridge.cli;

import io.lunbridge.app.status.ControlServer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Sends one request line to control sockets of running lunbridge processes and reads the answers. */
final class ControlClient {
    private static final int MAX_ANSWER = 16 << 20;

    private ControlClient() {
    }

    /** The given socket, or every socket in the default directory (none: an empty list). */
    static List<Path> sockets(Path given) throws IOException {
        if (given != null) {
            if (!Files.exists(given)) {
                throw new IllegalArgumentException("control socket " + given + ": no such file (is the process running?)");
            }
            return List.of(given);
        }
        if (!Files.isDirectory(ControlServer.DEFAULT_DIR)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(ControlServer.DEFAULT_DIR)) {
            s.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().forEach(found::add);
        }
        return found;
    }

    /** Sends {@code request} and returns the whole answer. */
    static String ask(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (ch.read(buf) >= 0) {
                buf.flip();
                all.write(buf.array(), 0, buf.limit());
                buf.clear();
                if (all.size() > MAX_ANSWER) {
                    throw new IOException("control socket " + socket + ": answer larger than " + MAX_ANSWER + " bytes");
                }
            }
            return all.toString(StandardCharsets.UTF_8);
        } catch (java.net.SocketException e) {
            throw new IOException("control socket " + socket + ": " + e.getMessage()
                    + " (a process that ended may have left it behind)", e);
        }
    }
}
