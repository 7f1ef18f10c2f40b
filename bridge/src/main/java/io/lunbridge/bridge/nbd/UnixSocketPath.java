package io.lunbridge.bridge.nbd;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Prepares the filesystem for a listening Unix socket: creates a missing parent directory with mode
 * 0700 (an existing one is left as it is), removes a stale socket left by a crashed server (one
 * nobody accepts on), refuses to replace anything else, and restricts the bound socket to 0600.
 */
final class UnixSocketPath {
    private static final Logger LOG = LogManager.getLogger(UnixSocketPath.class);

    private UnixSocketPath() {
    }

    static void prepare(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(socket,
                    LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(socket)) {
                throw new IOException("NBD socket path " + socket + " exists and is not a socket");
            }
            if (listening(socket)) {
                throw new IOException("NBD socket " + socket + " is in use by another server");
            }
            LOG.info("Removing stale NBD socket {}", socket);
            Files.delete(socket);
        }
    }

    static void restrict(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean listening(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
