package io.lunbridge.bridge.fuse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads /dev/fuse on an epoll event loop: registered for EPOLLIN (level-triggered) through Netty's
 * {@link io.netty.channel.IoHandle} API, it reads requests there until the non-blocking descriptor
 * says EAGAIN (at most {@link #BUDGET} per wake-up, so that the loop's sockets get their turn) and
 * hands each frame to the handler on the same thread. On the block device's own loop a request thus
 * reaches the device without crossing a thread, and the device completes it there, where the reply
 * is written.
 *
 * <p>Threads: every method runs on the loop it is registered on ({@link #stop()} may be called from
 * anywhere). Buffers: each frame is a fresh direct buffer from the allocator, owned by this reader;
 * the handler borrows it for the call (it retains what it keeps, e.g. WRITE data) and the reader
 * releases it afterwards. The descriptor belongs to the {@link FuseDevice}, which this reader never
 * closes: Netty's {@link FileDescriptor} view of it only names the number.
 */
final class FuseReader implements EpollIoHandle {
    private static final Logger LOG = LogManager.getLogger(FuseReader.class);
    /** Requests read per EPOLLIN before the loop runs its other handles and tasks. */
    static final int BUDGET = 64;

    private final FuseDevice device;
    private final FileDescriptor fd;
    private final ByteBufAllocator alloc;
    private final int frameSize;
    private final Consumer<ByteBuf> handler;
    private final Runnable onRegistered;
    private final CompletableFuture<Void> unregistered = new CompletableFuture<>();
    private volatile IoRegistration registration;
    private volatile IoEventLoop loop;
    private volatile boolean stopped;
    private ByteBuf spare;

    /**
     * @param frameSize bytes per read: at least the negotiated max_write plus the request header,
     *                  or the kernel refuses the read (EINVAL)
     * @param handler decodes and serves one frame (borrowed for the call)
     * @param onRegistered runs once on the loop thread when the registration is in place
     */
    FuseReader(FuseDevice device, ByteBufAllocator alloc, int frameSize, Consumer<ByteBuf> handler,
               Runnable onRegistered) {
        this.device = device;
        this.fd = new FileDescriptor(device.fd());
        this.alloc = alloc;
        this.frameSize = frameSize;
        this.handler = handler;
        this.onRegistered = onRegistered;
    }

    /**
     * {@code loop} as a loop this reader can be registered on: an {@link IoEventLoop} with Netty's
     * epoll handler (so not NIO, and not a non-I/O executor).
     */
    static Optional<IoEventLoop> epollLoop(EventLoop loop) {
        if (loop instanceof IoEventLoop io && io.isCompatible(FuseReader.class)) {
            return Optional.of(io);
        }
        return Optional.empty();
    }

    /** Registers on {@code loop} for EPOLLIN; completes once reading started (or failed to). */
    CompletableFuture<Void> register(IoEventLoop loop) {
        this.loop = loop;
        CompletableFuture<Void> started = new CompletableFuture<>();
        loop.register(this).addListener(f -> {
            if (!f.isSuccess()) {
                started.completeExceptionally(new IOException("registering /dev/fuse on " + loop + ": " + f.cause(),
                        f.cause()));
                return;
            }
            registration = (IoRegistration) f.getNow();
            if (stopped) { // stop() came first (a start that gave up waiting)
                registration.cancel();
                started.completeExceptionally(new IOException("/dev/fuse reader stopped before it started"));
                return;
            }
            try {
                registration.submit(EpollIoOps.EPOLLIN);
                onRegistered.run();
                started.complete(null);
            } catch (RuntimeException e) {
                registration.cancel();
                started.completeExceptionally(new IOException("watching /dev/fuse for requests: " + e, e));
            }
        });
        return started;
    }

    /**
     * Stops reading (on the loop; callable from any thread). Requests already handed over complete as
     * usual. The result completes once the loop no longer watches the descriptor, and only then may
     * the descriptor be closed (a removal from epoll after the close could hit a reused number): on
     * the loop, right after it removed the descriptor ({@link #unregistered()}); at once when it never
     * watched it; when the loop has terminated if it no longer takes tasks.
     */
    CompletableFuture<Void> stop() {
        stopped = true;
        IoRegistration r = registration;
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            r.cancel();
        } catch (RejectedExecutionException e) {
            // the loop is shutting down: it ends the registration itself, its epoll set goes with it
            CompletableFuture<Void> gone = new CompletableFuture<>();
            loop.terminationFuture().addListener(f -> gone.complete(null));
            return gone;
        }
        return unregistered;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        for (int i = 0; i < BUDGET; i++) {
            ByteBuf frame = spare != null ? spare : alloc.directBuffer(frameSize, frameSize);
            spare = null;
            FuseDevice.ReadStatus status;
            try {
                status = device.read(frame);
            } catch (IOException | RuntimeException e) {
                frame.release();
                LOG.error("reading /dev/fuse stops: {}", e.toString(), e);
                reg.cancel();
                return;
            }
            switch (status) {
                case REQUEST -> {
                    try {
                        handler.accept(frame);
                    } finally {
                        frame.release();
                    }
                }
                case AGAIN -> {
                    spare = frame; // nothing queued: keep the empty frame for the next wake-up
                    return;
                }
                case RETRY -> spare = frame;
                case UNMOUNTED -> {
                    frame.release();
                    LOG.debug("/dev/fuse reports the filesystem gone");
                    reg.cancel();
                    return;
                }
            }
        }
        // budget spent with requests still queued: epoll (level-triggered) reports the descriptor again
    }

    @Override
    public void unregistered() {
        if (spare != null) {
            spare.release();
            spare = null;
        }
        unregistered.complete(null);
    }

    /** Called by the loop when it shuts down with this reader registered: nothing to close here. */
    @Override
    public void close() {
        LOG.debug("event loop closing with /dev/fuse registered");
    }
}
