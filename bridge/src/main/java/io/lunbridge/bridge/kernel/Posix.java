package io.lunbridge.bridge.kernel;

import java.io.IOException;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls kernel attach needs (socket, socketpair, send/recv on a netlink socket, open,
 * ioctl, fcntl, close), bound through jnr-ffi. Every wrapper turns a failure into an
 * {@link ErrnoException} that names the call and the errno.
 */
public final class Posix {
    public static final int AF_UNIX = 1;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int NETLINK_GENERIC = 16;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVTIMEO = 20;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTWAIT = 0x40;

    /** The jnr-ffi view of libc. */
    public interface LibC {
        @SaveError int socket(int domain, int type, int protocol);

        @SaveError int socketpair(int domain, int type, int protocol, @Out int[] fds);

        @SaveError @ssize_t long send(int fd, @In byte[] buf, @size_t long len, int flags);

        @SaveError @ssize_t long recv(int fd, @Out byte[] buf, @size_t long len, int flags);

        @SaveError @ssize_t long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrLen);

        @SaveError int bind(int fd, @In byte[] addr, int addrLen);

        @SaveError int setsockopt(int fd, int level, int name, @In byte[] value, int len);

        @SaveError int open(String path, int flags);

        @SaveError int ioctl(int fd, long request, long arg);

        @SaveError int fcntl(int fd, int cmd, int arg);

        @SaveError int close(int fd);
    }

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;

    private Posix(LibC libc) {
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
    }

    /** Loads libc. */
    public static Posix load() {
        return new Posix(LibraryLoader.create(LibC.class).load("c"));
    }

    private int errno() {
        return runtime.getLastError();
    }

    private int check(int rc, String call) throws ErrnoException {
        if (rc < 0) {
            throw ErrnoException.of(call, errno());
        }
        return rc;
    }

    /** socket(2). */
    public int socket(int domain, int type, int protocol) throws ErrnoException {
        return check(libc.socket(domain, type, protocol), "socket(" + domain + ", " + type + ", " + protocol + ")");
    }

    /** socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC): two connected stream sockets. */
    public int[] unixStreamPair() throws ErrnoException {
        int[] fds = new int[2];
        check(libc.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), "socketpair(AF_UNIX, SOCK_STREAM)");
        return fds;
    }

    /** Adds O_NONBLOCK to a descriptor's file status flags (Netty's epoll transport needs it). */
    public void setNonBlocking(int fd) throws ErrnoException {
        int flags = check(libc.fcntl(fd, F_GETFL, 0), "fcntl(" + fd + ", F_GETFL)");
        check(libc.fcntl(fd, F_SETFL, flags | O_NONBLOCK), "fcntl(" + fd + ", F_SETFL, O_NONBLOCK)");
    }

    /** SO_RCVTIMEO on a socket, so that a receive cannot block forever. */
    public void receiveTimeout(int fd, int seconds) throws ErrnoException {
        java.nio.ByteBuffer tv = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
        tv.putLong(seconds).putLong(0);
        check(libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16), "setsockopt(SO_RCVTIMEO)");
    }

    /** send(2) of the whole buffer (netlink sends are all-or-nothing). */
    public void send(int fd, byte[] data, String what) throws ErrnoException {
        long n = libc.send(fd, data, data.length, 0);
        if (n < 0) {
            throw ErrnoException.of("send(" + what + ")", errno());
        }
        if (n != data.length) {
            throw new ErrnoException("send(" + what + ") wrote " + n + " of " + data.length + " bytes", Errno.EIO);
        }
    }

    /**
     * sendto(2) of one datagram to a socket address ({@code struct sockaddr} bytes, e.g. a sockaddr_un
     * with its length cut to the name, as abstract names need).
     */
    public void sendTo(int fd, byte[] data, byte[] address, String what) throws ErrnoException {
        long n = libc.sendto(fd, data, data.length, 0, address, address.length);
        if (n < 0) {
            throw ErrnoException.of("sendto(" + what + ")", errno());
        }
        if (n != data.length) {
            throw new ErrnoException("sendto(" + what + ") sent " + n + " of " + data.length + " bytes", Errno.EIO);
        }
    }

    /** bind(2) to a socket address given as {@code struct sockaddr} bytes. */
    public void bind(int fd, byte[] address, String what) throws ErrnoException {
        check(libc.bind(fd, address, address.length), "bind(" + what + ")");
    }

    /** recv(2) into {@code buf}; returns the number of bytes received. */
    public int recv(int fd, byte[] buf, String what) throws ErrnoException {
        long n = libc.recv(fd, buf, buf.length, 0);
        if (n < 0) {
            throw ErrnoException.of("recv(" + what + ")", errno());
        }
        return (int) n;
    }

    /**
     * Whether the other end of a stream socket is gone: a non-blocking MSG_PEEK of one byte reads end
     * of file. Data waiting or nothing yet (EAGAIN) both mean the peer still holds its end; nothing is
     * consumed.
     */
    public boolean peerClosed(int fd) throws ErrnoException {
        long n = libc.recv(fd, new byte[1], 1, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0) {
            int e = errno();
            if (e == Errno.EAGAIN) {
                return false;
            }
            throw ErrnoException.of("recv(" + fd + ", MSG_PEEK)", e);
        }
        return n == 0;
    }

    /** open(2) read-write, close-on-exec. */
    public int openReadWrite(String path) throws ErrnoException {
        return check(libc.open(path, O_RDWR | O_CLOEXEC), "open(" + path + ")");
    }

    /** ioctl(2) with an integer argument; returns the call's result. */
    public int ioctl(int fd, long request, long arg, String name) throws ErrnoException {
        return check(libc.ioctl(fd, request, arg), "ioctl(" + name + ")");
    }

    /** close(2); a failure is reported, not thrown, since there is nothing left to do about it. */
    public void close(int fd) throws IOException {
        if (fd >= 0) {
            check(libc.close(fd), "close(" + fd + ")");
        }
    }

    /** close(2) that ignores errors (cleanup paths). */
    public void closeQuietly(int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }
}
