package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Serves {@link FuseFile}s in a FUSE mount from this JVM, speaking the protocol on /dev/fuse itself:
 * opens the device (non-blocking), mounts it with mount(2) (type {@code fuse.lunbridge}, allow_other,
 * default_permissions), and registers a {@link FuseReader} on an epoll event loop, which decodes
 * requests and hands them to {@link LunFileSystem}.
 *
 * <p>Threads: given the block devices' own event loop (an epoll loop: the session's, or the
 * multipath device's), requests are read, served and answered on it, so no request crosses a
 * thread. Otherwise (no loop given, or a loop Netty's epoll handler does not drive, e.g. NIO) the
 * server runs one event loop of its own ({@code lunbridge-fuse}) and each request crosses to the
 * device's loop once; replies are written from whichever thread completes the request. The reading
 * loop's thread sets PR_SET_IO_FLUSHER (refused without CAP_SYS_RESOURCE: logged once, with the
 * reason, at WARN only when a LUN is writable).
 *
 * <p>{@link #close()} unmounts (lazily if still busy), stops reading and closes the device once the
 * loop no longer watches it (never before: see {@link FuseReader#stop()}).
 */
public final class FuseServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(FuseServer.class);
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private final Path mountPoint;
    private final LibC libc;
    private final FuseDevice device;
    private final LunFileSystem fs;
    private final FuseCounters counters;
    private final IoEventLoop loop;
    private final EventLoopGroup ownLoop;
    private final FuseReader reader;
    private final AtomicBoolean ioFlusherWarned = new AtomicBoolean();
    private volatile boolean mounted;

    private FuseServer(Path mountPoint, LibC libc, FuseDevice device, LunFileSystem fs, FuseCounters counters,
                       int readBufferSize, ByteBufAllocator alloc, IoEventLoop loop, EventLoopGroup ownLoop) {
        this.mountPoint = mountPoint;
        this.libc = libc;
        this.device = device;
        this.fs = fs;
        this.counters = counters;
        this.loop = loop;
        this.ownLoop = ownLoop;
        this.reader = new FuseReader(device, alloc, readBufferSize, this::serve, this::setIoFlusher);
    }

    /** {@link #start(Path, List, FuseServerConfig, EventLoop)} on an event loop of the server's own. */
    public static FuseServer start(Path mountPoint, List<FuseFile> files, FuseServerConfig config) throws IOException {
        return start(mountPoint, files, config, null);
    }

    /**
     * Mounts {@code files} at {@code mountPoint} (an existing empty directory) and returns once the
     * kernel completed FUSE_INIT. Must not be called on {@code deviceLoop} (it waits for the loop).
     *
     * @param deviceLoop the event loop that owns the files' block devices (the caller owns it, and it
     *                   must outlive this server), or {@code null}: requests are read there when it
     *                   is an epoll loop, else on a loop of the server's own
     */
    public static FuseServer start(Path mountPoint, List<FuseFile> files, FuseServerConfig config,
                                   EventLoop deviceLoop) throws IOException {
        if (!Files.isDirectory(mountPoint)) {
            throw new IOException("FUSE mount point " + mountPoint + " is not a directory");
        }
        if (deviceLoop != null && deviceLoop.inEventLoop()) {
            throw new IllegalStateException("FuseServer.start on the device's event loop would wait for itself");
        }
        if (!Epoll.isAvailable()) {
            throw new IOException("FUSE needs Netty's native epoll transport, which did not load: "
                    + Epoll.unavailabilityCause());
        }
        LibC libc = Native.load();
        FuseCounters counters = new FuseCounters();
        return run(mountPoint, libc, FuseDevice.open(libc, ALLOC, counters), counters, files, config, deviceLoop, true);
    }

    /**
     * Serves {@code device} (taking it over: closed when this fails or closes), mounting it first if
     * {@code mount} (tests serve a socket that plays the kernel and mount nothing).
     */
    static FuseServer run(Path mountPoint, LibC libc, FuseDevice device, FuseCounters counters, List<FuseFile> files,
                          FuseServerConfig config, EventLoop deviceLoop, boolean mount) throws IOException {
        ByteBufAllocator alloc = ALLOC;
        LunFileSystem fs;
        FuseInitNegotiation negotiation;
        try {
            negotiation = new FuseInitNegotiation(config.maxRequestBytes(), config.maxBackground());
            fs = new LunFileSystem(files, negotiation, new FuseReplyEncoder(alloc), counters,
                    System.currentTimeMillis() / 1000);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
        Optional<IoEventLoop> onDevice = deviceLoop == null ? Optional.empty() : FuseReader.epollLoop(deviceLoop);
        EventLoopGroup own = null;
        IoEventLoop loop;
        if (onDevice.isPresent()) {
            loop = onDevice.get();
            LOG.info("FUSE requests on {} are read on the devices' event loop", mountPoint);
        } else {
            own = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lunbridge-fuse", true),
                    EpollIoHandler.newFactory());
            loop = (IoEventLoop) own.next();
            if (deviceLoop != null) {
                LOG.info("FUSE requests on {} are read on a loop of their own: the devices' loop {} is not an epoll "
                        + "loop (one thread hand-over per request)", mountPoint, deviceLoop.getClass().getSimpleName());
            }
        }
        FuseServer server = new FuseServer(mountPoint.toAbsolutePath(), libc, device, fs, counters,
                negotiation.readBufferSize(), alloc, loop, own);
        try {
            if (mount) {
                server.mount();
            }
            server.reader.register(loop).get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            fs.initialized().get(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted waiting for FUSE_INIT on " + mountPoint, e);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("FUSE_INIT on " + mountPoint + " failed: " + cause, cause);
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

    /** Unmounts, stops reading and closes /dev/fuse; shuts down the server's own loop if it has one. Idempotent. */
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
        // /dev/fuse is closed only once the loop no longer watches it: on the loop, right after the removal
        // (a close first would let a late removal hit whatever reuses the descriptor number)
        CompletableFuture<Void> closed = reader.stop().thenRun(device::close);
        if (!loop.inEventLoop()) {
            try {
                closed.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("the event loop did not stop watching /dev/fuse of {} within {} ms; the descriptor is closed "
                        + "when it does", mountPoint, STOP_TIMEOUT.toMillis());
            }
        }
        if (ownLoop != null) {
            ownLoop.shutdownGracefully(0, STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ownLoop.terminationFuture().addListener(f -> device.close()); // its epoll set is gone with it
        }
        LOG.info("FUSE filesystem on {} closed; {}", mountPoint, counters.snapshot());
    }
}
