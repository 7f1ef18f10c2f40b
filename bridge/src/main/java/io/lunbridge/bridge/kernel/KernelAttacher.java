package io.lunbridge.bridge.kernel;

import io.lunbridge.block.Geometry;
import io.lunbridge.bridge.nbd.NbdExport;
import io.lunbridge.bridge.nbd.NbdServerConfig;
import io.lunbridge.bridge.nbd.transmission.BlockSizeConstraints;
import io.lunbridge.bridge.nbd.transmission.RequestDecoder;
import io.lunbridge.bridge.nbd.transmission.TransmissionFlags;
import io.lunbridge.bridge.nbd.transmission.TransmissionHandler;
import io.lunbridge.bridge.nbd.transmission.TransmissionParameters;
import io.lunbridge.bridge.nbd.transmission.TransmissionPhase;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Attaches exports to the running kernel as /dev/nbdN devices. For each export it creates a Unix
 * socketpair, serves one end with the NBD transmission-phase handlers (the kernel speaks
 * transmission directly, without a handshake, and without structured replies) and hands the other
 * end to the nbd driver through the chosen {@link NbdDriver}.
 *
 * <p>Threads: a socketpair channel runs on the event loop the caller names, normally the block
 * device's own (the iSCSI session's, or the multipath device's one loop): a request from the kernel
 * and its completion by the device then never change threads, as for {@code serve}. Without one it
 * runs on this attacher's own loop, which costs two thread hand-overs per request.
 */
public final class KernelAttacher implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(KernelAttacher.class);

    /** How long a reconnect waits for the kernel to mark the old connection dead. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(10);
    private static final Duration RECONNECT_RETRY = Duration.ofMillis(250);

    private final Posix posix;
    private final NbdDriver driver;
    private final NbdSysfs sysfs;
    private final EventLoopGroup loop;

    /** An attacher over the given kernel interfaces (tests pass their own driver and /sys tree). */
    KernelAttacher(Posix posix, NbdDriver driver, NbdSysfs sysfs) {
        this.posix = posix;
        this.driver = driver;
        this.sysfs = sysfs;
        this.loop = new EpollEventLoopGroup(1, new DefaultThreadFactory("nbd-kernel-io"));
    }

    /**
     * Chooses the kernel interface for {@code mode} and prepares to attach.
     *
     * @throws IOException if the nbd driver (or the requested interface of it) is absent
     */
    public static KernelAttacher open(AttachMode mode) throws IOException {
        Posix posix = Posix.load();
        NbdSysfs sysfs = NbdSysfs.system();
        return new KernelAttacher(posix, driver(mode, posix, sysfs), sysfs);
    }

    /** Whether this kernel has the nbd driver's generic netlink family (what the daemon's nbd mode needs). */
    public static boolean netlinkPresent() {
        return NetlinkDriver.available(Posix.load());
    }

    /** Whether this kernel has the nbd driver (netlink family or /dev/nbd0); without it, use FUSE + loop. */
    public static boolean driverPresent() {
        Posix posix = Posix.load();
        return NetlinkDriver.available(posix) || NbdSysfs.system().deviceExists(0);
    }

    /** The driver for {@code mode} on this system, with a clear error if it cannot be used. */
    public static NbdDriver driver(AttachMode mode, Posix posix, NbdSysfs sysfs) throws IOException {
        switch (mode) {
            case NETLINK:
                if (!NetlinkDriver.available(posix)) {
                    throw new IOException("--mode netlink: the kernel has no generic netlink family 'nbd' "
                            + "(nbd driver not loaded, or a kernel older than 4.12); try modprobe nbd or --mode ioctl");
                }
                return new NetlinkDriver(posix);
            case IOCTL:
                if (!sysfs.deviceExists(0)) {
                    throw new IOException("--mode ioctl: no /dev/nbd0: the kernel nbd driver is absent (modprobe nbd)");
                }
                return new IoctlDriver(posix, sysfs);
            default:
                if (NetlinkDriver.available(posix)) {
                    return new NetlinkDriver(posix);
                }
                if (sysfs.deviceExists(0)) {
                    return new IoctlDriver(posix, sysfs);
                }
                throw new IOException("the kernel nbd driver is absent: no generic netlink family 'nbd' and no "
                        + "/dev/nbd0 (modprobe nbd, or use the FUSE fallback)");
        }
    }

    /** The interface in use (netlink or ioctl). */
    public AttachMode mode() {
        return driver.mode();
    }

    /**
     * Attaches {@code export} as a kernel block device.
     *
     * @param index /dev/nbdN to use, or empty to take a free one
     * @param timeoutSeconds kernel request timeout (0: requests wait, the kernel only warns)
     * @param deadConnTimeoutSeconds netlink dead-connection timeout (0: none)
     * @param maxInFlight requests at the device at once
     * @throws IOException with the kernel's refusal (e.g. "EBUSY (device /dev/nbd0 in use)")
     */
    public AttachedDevice attach(NbdExport export, OptionalInt index, long timeoutSeconds, long deadConnTimeoutSeconds,
                                 int maxInFlight) throws IOException {
        return attach(export, index, timeoutSeconds, deadConnTimeoutSeconds, maxInFlight, null);
    }

    /**
     * Attaches {@code export} with its socketpair channel on {@code deviceLoop}.
     *
     * @param deviceLoop the export's device's event loop, an epoll loop the caller owns (it outlives
     *     the device); null for this attacher's own loop
     * @see #attach(NbdExport, OptionalInt, long, long, int)
     */
    public AttachedDevice attach(NbdExport export, OptionalInt index, long timeoutSeconds, long deadConnTimeoutSeconds,
                                 int maxInFlight, EventLoop deviceLoop) throws IOException {
        return attach(export, index, timeoutSeconds, deadConnTimeoutSeconds, maxInFlight, deviceLoop, "");
    }

    /**
     * Attaches {@code export} under the backend identifier {@code backend}: a device the kernel still
     * holds with that identifier (its server died, or handed it over at a restart) is taken over with
     * NBD_CMD_RECONFIGURE, keeping its index, size and flags, and the I/O waiting in it continues on the
     * new connection; otherwise a new device is connected with the identifier (see {@link DeviceChoice}).
     *
     * @param backend the identifier, stable per LUN; empty for none (always a new device, as before)
     */
    public AttachedDevice attach(NbdExport export, OptionalInt index, long timeoutSeconds, long deadConnTimeoutSeconds,
                                 int maxInFlight, EventLoop deviceLoop, String backend) throws IOException {
        return attach(export, index, timeoutSeconds, deadConnTimeoutSeconds, maxInFlight,
                NbdServerConfig.DEFAULT_MAX_BYTES_IN_FLIGHT, deviceLoop, backend);
    }

    /**
     * Attaches {@code export} with the connection's data bound {@code maxBytesInFlight} (the
     * {@code nbd.max-bytes-in-flight} key: write payloads held, reads at the device and unsent replies
     * before reading from the kernel pauses, as for {@code serve}).
     *
     * @see #attach(NbdExport, OptionalInt, long, long, int, EventLoop, String)
     */
    public AttachedDevice attach(NbdExport export, OptionalInt index, long timeoutSeconds, long deadConnTimeoutSeconds,
                                 int maxInFlight, long maxBytesInFlight, EventLoop deviceLoop, String backend)
            throws IOException {
        if (maxBytesInFlight < 1) {
            throw new IllegalArgumentException("maxBytesInFlight must be at least 1, got " + maxBytesInFlight);
        }
        ConnectionBounds bounds = new ConnectionBounds(maxInFlight, maxBytesInFlight);
        Geometry g = export.device().geometry();
        TransmissionParameters params = new TransmissionParameters(export, false, 0, TransmissionFlags.of(g, false),
                BlockSizeConstraints.from(g), false);
        DeviceParameters device = new DeviceParameters(g.sizeBytes(), Math.max(512, g.logicalBlockSize()),
                params.flags(), timeoutSeconds, deadConnTimeoutSeconds);
        DeviceChoice choice = backend.isEmpty() ? new DeviceChoice(index, false, List.of())
                : DeviceChoice.decide(sysfs, backend, index, device.sizeBytes(), device.blockSize());
        choice.notes().forEach(n -> LOG.info("{}: {}", export.name(), n));
        if (choice.reconnect()) {
            return reconnect(export, params, device, choice.index().getAsInt(), bounds, deviceLoop, backend);
        }
        int[] pair = posix.unixStreamPair();
        EpollDomainSocketChannel channel = serve(pair, export, params, bounds, deviceLoop);
        NbdDriver.Connection c;
        try {
            c = driver.connect(pair[1], choice.index(), device, backend);
        } catch (IOException | RuntimeException e) {
            channel.close().syncUninterruptibly();
            throw e;
        } finally {
            posix.closeQuietly(pair[1]); // the kernel holds its own reference now
        }
        AttachedDevice attached = new AttachedDevice(c.index(), export.name(), driver, channel, c.released());
        capRequestSize(attached, params);
        LOG.info("attached {} ({} bytes, block size {}, flags 0x{}{})", attached, g.sizeBytes(), device.blockSize(),
                Integer.toHexString(params.flags()), backend.isEmpty() ? "" : ", backend " + backend);
        return attached;
    }

    /**
     * NBD_CMD_RECONFIGURE of /dev/nbd{@code index}. The kernel replaces only a socket it marked dead and
     * drops ours silently otherwise (still answering success); it marks the old one dead as soon as it
     * reads end of file from the gone server, which can lag the server's exit by a moment. So after each
     * try our end is peeked: end of file means the kernel let go of the new socket, and the reconnect
     * is tried again, for up to {@link #RECONNECT_WAIT}. Our end is registered only once the kernel
     * kept the socket (requests it sends meanwhile wait in the socket buffer).
     */
    private AttachedDevice reconnect(NbdExport export, TransmissionParameters params, DeviceParameters device, int index,
                                     ConnectionBounds bounds, EventLoop deviceLoop, String backend) throws IOException {
        String path = NbdDriver.path(index);
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        int tries = 0;
        while (true) {
            tries++;
            int[] pair = posix.unixStreamPair();
            boolean kept;
            try {
                driver.reconnect(pair[1], index, device, backend);
                posix.closeQuietly(pair[1]);
                pair[1] = -1;
                kept = !posix.peerClosed(pair[0]);
            } catch (IOException | RuntimeException e) {
                posix.closeQuietly(pair[0]);
                posix.closeQuietly(pair[1]);
                throw e;
            }
            if (kept) {
                EpollDomainSocketChannel channel = serve(pair, export, params, bounds, deviceLoop);
                AttachedDevice attached = new AttachedDevice(index, export.name(), driver, channel,
                        CompletableFuture.completedFuture(null), true);
                capRequestSize(attached, params);
                LOG.info("took over {} ({} bytes, block size {}, backend {}): NBD_CMD_RECONFIGURE with a new connection{}",
                        attached, device.sizeBytes(), device.blockSize(), backend,
                        tries > 1 ? " (try " + tries + ")" : "");
                return attached;
            }
            posix.closeQuietly(pair[0]);
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException(path + " (" + backend + ") still has a live connection after " + tries
                        + " NBD_CMD_RECONFIGURE tries in " + RECONNECT_WAIT.toSeconds() + " s: the kernel kept "
                        + "none of the new sockets; is another process serving it?");
            }
            LOG.info("{}: the kernel has no dead connection to replace yet (it dropped the new socket); trying again",
                    path);
            try {
                Thread.sleep(RECONNECT_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("reconnect of " + path + " interrupted");
            }
        }
    }

    /** Our end of {@code pair} as a channel running the transmission phase, registered on its loop. */
    private EpollDomainSocketChannel serve(int[] pair, NbdExport export, TransmissionParameters params,
                                           ConnectionBounds bounds, EventLoop deviceLoop) throws IOException {
        EpollDomainSocketChannel channel;
        try {
            posix.setNonBlocking(pair[0]);
            channel = new EpollDomainSocketChannel(pair[0]);
        } catch (IOException | RuntimeException e) {
            posix.closeQuietly(pair[0]);
            posix.closeQuietly(pair[1]);
            throw e;
        }
        String peer = "kernel nbd (" + export.name() + ")";
        channel.pipeline().addLast("flush-consolidation", new FlushConsolidationHandler(256, true));
        channel.pipeline().addLast(TransmissionPhase.DECODER, new RequestDecoder(peer));
        channel.pipeline().addLast(TransmissionPhase.HANDLER, new TransmissionHandler(params, peer, bounds.maxInFlight(),
                bounds.maxBytesInFlight()));
        (deviceLoop != null ? deviceLoop : loop.next()).register(channel).syncUninterruptibly();
        return channel;
    }

    private void capRequestSize(AttachedDevice attached, TransmissionParameters params) {
        try {
            Optional<Integer> capped = sysfs.capRequestSize(attached.index(), params.blockSizes().maximum());
            capped.ifPresent(kb -> LOG.info("{}: max_sectors_kb lowered to {} (the export's maximum request)",
                    attached.path(), kb));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot check the queue's request size limit: {}", attached.path(), e.getMessage());
        }
    }

    /** The per-connection bounds of one attach: requests at the device, data bytes held. */
    private record ConnectionBounds(int maxInFlight, long maxBytesInFlight) {
    }

    /** Asks the kernel to disconnect /dev/nbdN (the serving process, wherever it is, then ends). */
    public void detach(int index) throws IOException {
        driver.disconnect(index);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
