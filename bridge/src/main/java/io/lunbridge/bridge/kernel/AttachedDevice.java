package io.lunbridge.bridge.kernel;

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

    AttachedDevice(int index, String exportName, NbdDriver driver, Channel channel, CompletableFuture<Void> released) {
        this.index = index;
        this.exportName = exportName;
        this.driver = driver;
        this.channel = channel;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        this.ended = CompletableFuture.allOf(closed, released);
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

    @Override
    public String toString() {
        return exportName + " as " + path() + " (" + mode() + ")";
    }
}
