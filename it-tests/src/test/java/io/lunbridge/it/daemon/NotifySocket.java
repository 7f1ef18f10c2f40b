package io.lunbridge.it.daemon;

import io.lunbridge.app.daemon.SdNotify;
import io.lunbridge.bridge.kernel.ErrnoException;
import io.lunbridge.bridge.kernel.Posix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * systemd's side of sd_notify for a test: an AF_UNIX datagram socket bound at a path, each
 * datagram received on a reader thread and kept in arrival order.
 */
final class NotifySocket implements AutoCloseable {
    private static final int EAGAIN = 11;

    private final Posix posix = Posix.load();
    private final int fd;
    private final Path path;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean open = true;

    NotifySocket(Path path) throws ErrnoException {
        this.path = path;
        fd = posix.socket(Posix.AF_UNIX, Posix.SOCK_DGRAM | Posix.SOCK_CLOEXEC, 0);
        posix.bind(fd, SdNotify.socketAddress(path.toString()), path.toString());
        posix.receiveTimeout(fd, 1);
        reader = new Thread(this::read, "notify-socket-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[4096];
        while (open) {
            try {
                int n = posix.recv(fd, buf, "notify socket " + path);
                messages.add(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (ErrnoException e) {
                if (e.errno() != EAGAIN) {
                    messages.add("RECEIVE-ERROR " + e.getMessage());
                    return;
                }
            }
        }
    }

    Path path() {
        return path;
    }

    /** Every datagram so far, in order. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    /** The index of the first message at or after {@code from} that contains {@code line} as a line, or -1. */
    int indexOf(String line, int from) {
        List<String> all = messages();
        for (int i = from; i < all.size(); i++) {
            if (all.get(i).lines().anyMatch(line::equals)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        reader.join(5000);
        posix.closeQuietly(fd);
    }
}
