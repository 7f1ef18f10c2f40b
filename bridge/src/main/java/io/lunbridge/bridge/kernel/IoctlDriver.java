package io.lunbridge.bridge.kernel;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Drives the nbd driver through the ioctl interface of /dev/nbdN: NBD_SET_BLKSIZE,
 * NBD_SET_SIZE_BLOCKS, NBD_SET_FLAGS, NBD_SET_SOCK, NBD_SET_TIMEOUT, then NBD_DO_IT on a thread of its
 * own, which blocks for the life of the connection; when it returns the thread clears the queue and
 * the socket (NBD_CLEAR_QUE, NBD_CLEAR_SOCK) and closes the device.
 */
public final class IoctlDriver implements NbdDriver {
    private static final Logger LOG = LogManager.getLogger(IoctlDriver.class);

    private final Posix posix;
    private final NbdSysfs sysfs;

    public IoctlDriver(Posix posix, NbdSysfs sysfs) {
        this.posix = posix;
        this.sysfs = sysfs;
    }

    @Override
    public AttachMode mode() {
        return AttachMode.IOCTL;
    }

    @Override
    public Connection connect(int socketFd, OptionalInt wanted, DeviceParameters p) throws IOException {
        int index;
        if (wanted.isPresent()) {
            index = wanted.getAsInt();
        } else {
            index = sysfs.firstFree().orElseThrow(() -> new IOException(
                    "no free nbd device: every /dev/nbdN is in use (raise nbds_max)"));
        }
        String path = NbdDriver.path(index);
        if (!sysfs.deviceExists(index)) {
            throw new IOException("no device " + path + " (nbd driver not loaded, or nbds_max too small)");
        }
        int dev = posix.openReadWrite(path);
        try {
            ioctl(dev, NbdIoctl.SET_BLKSIZE, p.blockSize(), "NBD_SET_BLKSIZE", path);
            ioctl(dev, NbdIoctl.SET_SIZE_BLOCKS, p.sizeBytes() / p.blockSize(), "NBD_SET_SIZE_BLOCKS", path);
            ioctl(dev, NbdIoctl.SET_FLAGS, Integer.toUnsignedLong(p.serverFlags()), "NBD_SET_FLAGS", path);
            ioctl(dev, NbdIoctl.SET_SOCK, socketFd, "NBD_SET_SOCK", path);
            if (p.timeoutSeconds() > 0) {
                ioctl(dev, NbdIoctl.SET_TIMEOUT, p.timeoutSeconds(), "NBD_SET_TIMEOUT", path);
            }
        } catch (IOException e) {
            posix.closeQuietly(dev);
            throw e;
        }
        CompletableFuture<Void> released = new CompletableFuture<>();
        Thread t = new Thread(() -> doIt(dev, path, released), "nbd-do-it-" + index);
        t.setDaemon(true);
        t.start();
        return new Connection(index, released);
    }

    private void doIt(int dev, String path, CompletableFuture<Void> released) {
        try {
            int rc = posix.ioctl(dev, NbdIoctl.DO_IT, 0, "NBD_DO_IT " + path);
            LOG.info("NBD_DO_IT on {} returned {}", path, rc);
        } catch (ErrnoException e) {
            LOG.info("NBD_DO_IT on {} ended: {}", path, e.getMessage());
        }
        try {
            posix.ioctl(dev, NbdIoctl.CLEAR_QUE, 0, "NBD_CLEAR_QUE " + path);
            posix.ioctl(dev, NbdIoctl.CLEAR_SOCK, 0, "NBD_CLEAR_SOCK " + path);
        } catch (ErrnoException e) {
            LOG.warn("clearing {} after NBD_DO_IT: {}", path, e.getMessage());
        }
        posix.closeQuietly(dev);
        released.complete(null);
    }

    @Override
    public void disconnect(int index) throws IOException {
        String path = NbdDriver.path(index);
        if (!sysfs.deviceExists(index)) {
            throw new IOException("no device " + path);
        }
        if (!sysfs.inUse(index)) {
            throw new IOException(path + " is not attached (size 0, no pid in /sys/block/nbd" + index + ")");
        }
        int dev = posix.openReadWrite(path);
        try {
            ioctl(dev, NbdIoctl.DISCONNECT, 0, "NBD_DISCONNECT", path);
        } finally {
            posix.closeQuietly(dev);
        }
    }

    private void ioctl(int dev, long request, long arg, String name, String path) throws IOException {
        try {
            posix.ioctl(dev, request, arg, name);
        } catch (ErrnoException e) {
            throw new ErrnoException("ioctl " + name + " on " + path + " failed: " + Errno.name(e.errno()) + " ("
                    + NetlinkDriver.explain(e.errno(), path) + ")", e.errno());
        }
    }
}
