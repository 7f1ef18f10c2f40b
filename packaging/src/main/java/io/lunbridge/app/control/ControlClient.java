package io.lunbridge.app.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sends one request to a control socket and reads the reply (see the package documentation). */
public final class ControlClient {
    private ControlClient() {
    }

    /** Nothing listens on the socket: no such file, or the connection is refused (a stale socket file). */
    public static final class NotListening extends IOException {
        private final Path socket;

        NotListening(Path socket, IOException cause) {
            super("control socket " + socket + ": nothing answers (" + describe(cause) + ")", cause);
            this.socket = socket;
        }

        public Path socket() {
            return socket;
        }

        private static String describe(IOException e) {
            return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
        }
    }

    /**
     * Sends {@code request} to {@code socket} and waits for the reply.
     *
     * @throws NotListening when nothing listens on {@code socket}
     * @throws IOException naming the socket if it cannot be reached or the reply is malformed
     */
    public static ControlReply send(Path socket, ControlRequest request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
                throw new NotListening(socket, e);
            }
            c.write(ByteBuffer.wrap((request.format() + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines.add(l);
            }
            return ControlReply.parse(lines);
        } catch (IllegalArgumentException e) {
            throw new IOException("control socket " + socket + ": " + e.getMessage(), e);
        } catch (NotListening e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("control socket " + socket + ": " + e.getMessage(), e);
        }
    }
}
