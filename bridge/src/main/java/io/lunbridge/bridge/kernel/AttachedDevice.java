package io.lunbridge.bridge.kernel;

import io.lunbridge.bridge.nbd.transmission.HandOverRequested;
import io.netty.channel.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One export attached to the kernel as /dev/nbdN: the served end of its socketpair and the
 * kernel's hold on the device. It ends when the kernel disconnects (a {@code detach} from any
 * process, or {@link #detach(Duration)} here): the kernel sends NBD_CMD_DISC, the transmission
 * handler finishes the requests at the device and closes its end, and the kernel lets go.
 */
public final class AttachedDevice {
    private static final Logger LOG = LogManager.getLogger(AttachedDevice.class);

    private final int index;
    private final String exportName;
    private final NbdDriver driver;
    private final Channel channel;
    private final CompletableFuture<Void> ended;
    private final boolean takenOver;

    AttachedDevice(int index, String exportName, NbdDriver driver, Channel channel, CompletableFuture<Void> released) {
        this(index, exportName, driver, channel, released, false);
    }

    AttachedDevice(int index, String exportName, NbdDriver driver, Channel channel, CompletableFuture<Void> released,
                   boolean takenOver) {
        this.takenOver = takenOver;
        this.index = index;
        this.exportName = exportName;
        this.driver = driver;
        this.channel = channel;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        this.ended = CompletableFuture.allOf(closed, released);
    }

    /** The JVM end of the socketpair (tests look at its pipeline). */
    Channel channel() {
        return channel;
    }

    /** The N of /dev/nbdN. */
    public int index() {
        return index;
    }

    /** "/dev/nbdN". */
    public String path() {
        return NbdDriver.path(index);
    }

    /** The interface the device was attached with. */
    public AttachMode mode() {
        return driver.mode();
    }

    /** Whether the device was found configured for this export and taken over (NBD_CMD_RECONFIGURE). */
    public boolean takenOver() {
        return takenOver;
    }

    public String exportName() {
        return exportName;
    }

    /** Completes when the served socket is closed and the kernel has released the device. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Asks the kernel to disconnect and waits up to {@code timeout} for the device to end; past the
     * timeout the socket is closed forcibly.
     *
     * @return true if the device ended on its own within the timeout
     */
    public boolean detach(Duration timeout) {
        if (!ended.isDone()) {
            try {
                driver.disconnect(index);
            } catch (IOException e) {
                LOG.warn("detach {}: {}", path(), e.getMessage());
            }
        }
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.warn("{} did not end within {} after the disconnect request; closing its socket", path(), timeout);
        } catch (ExecutionException e) {
            LOG.warn("{} ended with {}", path(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        return false;
    }

    /**
     * Leaves the device configured in the kernel for the next server process: reading from the kernel
     * stops, the requests already read complete at the export and are answered, then our end of the
     * socket closes (no NBD_CMD_DISCONNECT). The kernel marks the connection dead and holds new I/O for
     * its dead-connection timeout, until a process takes the device over with the same backend
     * identifier. Past {@code timeout} the socket is closed anyway: the unanswered requests are re-sent by
     * the kernel on the next connection.
     *
     * @return true if every request read was answered before the socket closed
     */
    public boolean handOver(Duration timeout) {
        channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(
                HandOverRequested.INSTANCE));
        boolean drained = channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
        if (!drained) {
            LOG.warn("{}: requests still at the export after {}; closing its socket for the hand-over anyway", path(),
                    timeout);
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        return drained;
    }

    @Override
    public String toString() {
        return exportName + " as " + path() + " (" + mode() + ")";
    }
}
