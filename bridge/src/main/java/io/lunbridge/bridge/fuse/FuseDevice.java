package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An open {@code /dev/fuse} file descriptor: reads one request per read(2) into a fresh direct
 * buffer and writes each reply with one writev(2) (header and data from their own native memory, no
 * copy when the data is in direct buffers). The descriptor is non-blocking: {@link FuseReader} waits
 * for it on an epoll event loop. Thread-safe; replies may be written from any thread.
 */
final class FuseDevice implements FuseReplySink, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FuseDevice.class);
    private static final int IOV_MAX = 1024;

    private final LibC libc;
    private final int fd;
    private final ByteBufAllocator alloc;
    private final FuseCounters counters;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What a read returned. */
    enum ReadStatus {
        /** A request was read. */
        REQUEST,
        /** None queued (EAGAIN): wait for the descriptor to become readable. */
        AGAIN,
        /** Interrupted, or the request was withdrawn before it was read: read again. */
        RETRY,
        /** The filesystem is gone (ENODEV). */
        UNMOUNTED
    }

    private FuseDevice(LibC libc, int fd, ByteBufAllocator alloc, FuseCounters counters) {
        this.libc = libc;
        this.fd = fd;
        this.alloc = alloc;
        this.counters = counters;
    }

    /** Opens /dev/fuse. */
    static FuseDevice open(LibC libc, ByteBufAllocator alloc, FuseCounters counters) throws IOException {
        requireUnsafe();
        int fd = libc.open("/dev/fuse", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.errno(libc);
            throw new IOException("open /dev/fuse: errno " + errno
                    + (errno == LibC.ENOENT ? " (no FUSE support: modprobe fuse)" : ""));
        }
        return new FuseDevice(libc, fd, alloc, counters);
    }

    /**
     * A device over an open non-blocking descriptor that speaks the protocol as /dev/fuse does (one
     * message per read and per write: a SOCK_SEQPACKET socket in tests). The device closes it.
     */
    static FuseDevice over(LibC libc, int fd, ByteBufAllocator alloc, FuseCounters counters) throws IOException {
        requireUnsafe();
        return new FuseDevice(libc, fd, alloc, counters);
    }

    private static void requireUnsafe() throws IOException {
        if (!PlatformDependent.hasUnsafe()) {
            throw new IOException("FUSE needs native buffer addresses (sun.misc.Unsafe), which this JVM denies");
        }
    }

    int fd() {
        return fd;
    }

    /**
     * Reads the next request into {@code into} (a direct buffer, written from its writer index)
     * without waiting: {@link ReadStatus#AGAIN} when none is queued. One request per read, as the
     * kernel hands them out; end of file (a peer that is not /dev/fuse, in tests) counts as unmounted.
     */
    ReadStatus read(ByteBuf into) throws IOException {
        if (closed.get()) {
            return ReadStatus.UNMOUNTED;
        }
        long n = libc.read(fd, into.memoryAddress() + into.writerIndex(), into.writableBytes());
        if (n > 0) {
            into.writerIndex(into.writerIndex() + (int) n);
            return ReadStatus.REQUEST;
        }
        if (n == 0) {
            return ReadStatus.UNMOUNTED;
        }
        int errno = Native.errno(libc);
        switch (errno) {
            case LibC.EAGAIN:
                return ReadStatus.AGAIN;
            case LibC.EINTR:
            case LibC.ENOENT: // the request was interrupted before we read it
                return ReadStatus.RETRY;
            case LibC.ENODEV: // unmounted (or aborted)
                return ReadStatus.UNMOUNTED;
            default:
                throw new IOException("read /dev/fuse: errno " + errno);
        }
    }

    @Override
    public void reply(ByteBuf reply) {
        reply(reply, null);
    }

    @Override
    public void reply(ByteBuf header, ByteBuf data) {
        ByteBuf iov = null;
        ByteBuf copy = null;
        try {
            ByteBuffer[] parts = data == null ? new ByteBuffer[0] : data.nioBuffers();
            boolean native_ = data == null || parts.length < IOV_MAX;
            for (ByteBuffer p : parts) {
                native_ &= p.isDirect();
            }
            if (!native_) {
                copy = alloc.directBuffer(data.readableBytes());
                copy.writeBytes(data, data.readerIndex(), data.readableBytes());
                counters.copied(copy.readableBytes());
                parts = copy.nioBuffers();
            }
            iov = alloc.directBuffer(16 * (parts.length + 1));
            iov.writeLongLE(header.memoryAddress() + header.readerIndex()).writeLongLE(header.readableBytes());
            int count = 1;
            for (ByteBuffer p : parts) {
                if (p.remaining() > 0) {
                    iov.writeLongLE(PlatformDependent.directBufferAddress(p) + p.position()).writeLongLE(p.remaining());
                    count++;
                }
            }
            if (closed.get()) {
                return;
            }
            long n = libc.writev(fd, iov.memoryAddress(), count);
            if (n < 0) {
                int errno = Native.errno(libc);
                if (errno == LibC.ENOENT) {
                    LOG.debug("reply to an interrupted request dropped by the kernel");
                } else {
                    LOG.warn("writing a FUSE reply ({} bytes) failed: errno {}", header.getIntLE(header.readerIndex()), errno);
                }
            }
        } finally {
            header.release();
            if (data != null) {
                data.release();
            }
            if (copy != null) {
                copy.release();
            }
            if (iov != null) {
                iov.release();
            }
        }
    }

    /** Closes the descriptor; if still mounted, the kernel aborts the connection (I/O fails). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            libc.close(fd);
        }
    }
}
