package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Serves {@link FuseFile}s in a FUSE mount from this JVM, speaking the protocol on /dev/fuse itself:
 * opens the device, mounts it with mount(2) (type {@code fuse.lunbridge}, allow_other,
 * default_permissions), and runs reader threads that decode requests and hand them to
 * {@link LunFileSystem}; replies are written when the block device completes, from whichever thread
 * completes it. Reader threads set PR_SET_IO_FLUSHER (refused without CAP_SYS_RESOURCE: logged once, with
 * the reason, at WARN only when a LUN is writable).
 *
 * <p>{@link #close()} unmounts (lazily if still busy), stops the readers and closes the device.
 */
public final class FuseServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FuseServer.class);
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);

    private final Path mountPoint;
    private final LibC libc;
    private final FuseDevice device;
    private final LunFileSystem fs;
    private final FuseCounters counters;
    private final int readBufferSize;
    private final ByteBufAllocator alloc;
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean ioFlusherWarned = new AtomicBoolean();
    private volatile boolean mounted;

    private FuseServer(Path mountPoint, LibC libc, FuseDevice device, LunFileSystem fs, FuseCounters counters,
                       int readBufferSize, ByteBufAllocator alloc) {
        this.mountPoint = mountPoint;
        this.libc = libc;
        this.device = device;
        this.fs = fs;
        this.counters = counters;
        this.readBufferSize = readBufferSize;
        this.alloc = alloc;
    }

    /**
     * Mounts {@code files} at {@code mountPoint} (an existing empty directory) and returns once the
     * kernel completed FUSE_INIT.
     */
    public static FuseServer start(Path mountPoint, List<FuseFile> files, FuseServerConfig config) throws IOException {
        if (!Files.isDirectory(mountPoint)) {
            throw new IOException("FUSE mount point " + mountPoint + " is not a directory");
        }
        LibC libc = Native.load();
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        FuseCounters counters = new FuseCounters();
        FuseInitNegotiation negotiation = new FuseInitNegotiation(config.maxRequestBytes(), config.maxBackground());
        LunFileSystem fs = new LunFileSystem(files, negotiation, new FuseReplyEncoder(alloc), counters,
                System.currentTimeMillis() / 1000);
        FuseDevice device = FuseDevice.open(libc, alloc, counters);
        FuseServer server = new FuseServer(mountPoint.toAbsolutePath(), libc, device, fs, counters,
                negotiation.readBufferSize(), alloc);
        try {
            server.mount();
            for (int i = 0; i < config.readerThreads(); i++) {
                Thread t = new Thread(server::readLoop, "lunbridge-fuse-" + i);
                t.setDaemon(true);
                server.readers.add(t);
                t.start();
            }
            fs.initialized().get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted waiting for FUSE_INIT on " + mountPoint, e);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new IOException("FUSE_INIT on " + mountPoint + " failed: " + e, e);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** mount(2) options for a FUSE mount served through descriptor {@code fd}. */
    static String mountOptions(int fd) {
        return "fd=" + fd + ",rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions";
    }

    private void mount() throws IOException {
        int rc = libc.mount("lunbridge", mountPoint.toString(), "fuse.lunbridge", LibC.MS_NOSUID | LibC.MS_NODEV,
                mountOptions(device.fd()));
        if (rc != 0) {
            throw new IOException("mount -t fuse.lunbridge on " + mountPoint + ": errno " + Native.errno(libc));
        }
        mounted = true;
        LOG.info("FUSE filesystem mounted on {}", mountPoint);
    }

    /** Where the files are. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The path of the file named {@code name}. */
    public Path file(String name) {
        return mountPoint.resolve(name);
    }

    /** Request counters. */
    public FuseCounters counters() {
        return counters;
    }

    private void readLoop() {
        setIoFlusher();
        while (!stopping.get()) {
            ByteBuf frame = alloc.directBuffer(readBufferSize, readBufferSize);
            try {
                FuseDevice.ReadStatus status = device.read(frame);
                if (status == FuseDevice.ReadStatus.UNMOUNTED) {
                    LOG.debug("{}: /dev/fuse reports the filesystem gone", Thread.currentThread().getName());
                    return;
                }
                if (status == FuseDevice.ReadStatus.REQUEST) {
                    serve(frame);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("FUSE reader {} stops: {}", Thread.currentThread().getName(), e.toString(), e);
                return;
            } finally {
                frame.release();
            }
        }
    }

    private void serve(ByteBuf frame) {
        FuseRequest request;
        try {
            request = new FuseRequestDecoder().decode(frame);
        } catch (FuseFormatException e) {
            long unique = frame.readableBytes() >= 16 ? frame.getLongLE(frame.readerIndex() + 8) : 0;
            fs.badRequest(unique, e, device);
            return;
        }
        fs.handle(request, device);
    }

    private void setIoFlusher() {
        if (libc.prctl(LibC.PR_SET_IO_FLUSHER, 1, 0, 0, 0) != 0 && ioFlusherWarned.compareAndSet(false, true)) {
            int errno = Native.errno(libc);
            String why = errno == LibC.EPERM ? IoFlusherRefusal.reason(IoFlusherRefusal.readStatus()) : "errno " + errno;
            if (fs.anyWritable()) {
                LOG.warn("PR_SET_IO_FLUSHER refused ({}): under memory pressure, writeback through the loop device "
                        + "could wait on this daemon", why);
            } else {
                LOG.info("PR_SET_IO_FLUSHER refused ({}); not needed, every LUN is read-only", why);
            }
        }
    }

    /**
     * Whether {@code mountPoint} is a FUSE mount whose server is gone: the kernel answers every
     * access with ENOTCONN ("Transport endpoint is not connected").
     */
    public static boolean isStale(Path mountPoint) {
        try {
            Files.readAttributes(mountPoint, java.nio.file.attribute.BasicFileAttributes.class);
            return false;
        } catch (java.nio.file.FileSystemException e) {
            return e.getReason() != null && e.getReason().contains("not connected");
        } catch (IOException e) {
            return false;
        }
    }

    /** Lazily unmounts a FUSE mount left by a dead server (umount2 MNT_DETACH). */
    public static void detachStale(Path mountPoint) throws IOException {
        LibC libc = Native.load();
        if (libc.umount2(mountPoint.toString(), LibC.MNT_DETACH) != 0) {
            throw new IOException("umount -l " + mountPoint + ": errno " + Native.errno(libc));
        }
    }

    /** Unmounts, stops the reader threads and closes /dev/fuse. Idempotent. */
    @Override
    public void close() {
        if (mounted) {
            mounted = false;
            if (libc.umount2(mountPoint.toString(), 0) != 0) {
                int errno = Native.errno(libc);
                if (errno == LibC.EBUSY) {
                    LOG.warn("{} is busy (a loop device or process still uses it): detaching it lazily", mountPoint);
                    libc.umount2(mountPoint.toString(), LibC.MNT_DETACH);
                } else {
                    LOG.warn("umount {}: errno {}", mountPoint, errno);
                }
            }
        }
        stopping.set(true);
        for (Thread t : readers) {
            try {
                t.join(FuseDevice.POLL_MILLIS * 10L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn("FUSE reader {} did not stop", t.getName());
            }
        }
        device.close();
        LOG.info("FUSE filesystem on {} closed; {}", mountPoint, counters.snapshot());
    }
}
