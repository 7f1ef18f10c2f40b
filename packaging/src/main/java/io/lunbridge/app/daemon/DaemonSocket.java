package io.lunbridge.app.daemon;

import io.lunbridge.app.lifecycle.RunDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The daemon's claim on its control socket path (by default {@link RunDirectory#daemonSocket()},
 * /run/lunbridge/control/daemon.sock, where the CLI looks): a POSIX record lock on {@code PATH.lock}
 * held for the life of the daemon, holding its pid. A second daemon is refused naming the first's
 * pid; a socket file left by a daemon that died (the lock is free, nothing answers) is removed. A
 * path that exists and is not a socket is refused rather than deleted. {@link #close()} releases the
 * lock (the lock file stays).
 */
public final class DaemonSocket implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(DaemonSocket.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socket;
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonSocket(Path socket, FileChannel channel, FileLock lock) {
        this.socket = socket;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code socket} for this daemon (its directory must exist).
     *
     * @throws IllegalStateException naming the running daemon's pid, or the non-socket file in the way
     */
    public static DaemonSocket claim(Path socket) throws IOException {
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // this very process holds it already
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String pid = new String(Files.readAllBytes(lockFile), StandardCharsets.US_ASCII).strip();
            ch.close();
            throw new IllegalStateException("another lunbridge daemon" + (pid.isEmpty() ? "" : " (process " + pid + ")")
                    + " is running with control socket " + socket + ": stop it first (systemctl stop lunbridge), or "
                    + "give this one another --control PATH");
        }
        try {
            refuseLive(socket);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
        return new DaemonSocket(socket, ch, lock);
    }

    /** Refuses a path in the way: a socket something still answers on, or a file that is no socket; removes a stale one. */
    private static void refuseLive(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IllegalStateException(socket + " exists and is not a socket: remove it, or give the daemon "
                    + "another --control PATH");
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            throw new IllegalStateException("a lunbridge process already answers on " + socket + " (without holding "
                    + socket.getFileName() + ".lock): stop it first, or give this daemon another --control PATH");
        } catch (IOException e) {
            LOG.info("removing the stale control socket {} (nothing answers on it: {})", socket, e.getMessage());
            Files.deleteIfExists(socket);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        // the lock file stays: deleting it while another daemon opens it would let two daemons hold "the" lock
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
