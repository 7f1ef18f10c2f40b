package io.lunbridge.bridge.kernel;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The kernel side of an attach: hands a connected socket to the nbd driver and later asks it to
 * disconnect. Implemented over generic netlink ({@link NetlinkDriver}) and over ioctls
 * ({@link IoctlDriver}).
 */
public interface NbdDriver {

    /** Which interface this driver uses (never AUTO). */
    AttachMode mode();

    /**
     * Gives {@code socketFd} to the kernel as the only connection of an NBD device. The kernel takes
     * its own reference: the caller closes its copy of the descriptor afterwards.
     *
     * @param index the N of /dev/nbdN, or empty to let the driver pick a free device
     * @throws IOException with a message naming the request, the errno and the device
     */
    Connection connect(int socketFd, OptionalInt index, DeviceParameters params) throws IOException;

    /**
     * Asks the kernel to disconnect /dev/nbdN (it sends NBD_CMD_DISC to the server and shuts the
     * socket down). Works from any process.
     *
     * @throws IOException if the device is not attached or the request fails
     */
    void disconnect(int index) throws IOException;

    /**
     * A device the kernel accepted.
     *
     * @param index the N of /dev/nbdN
     * @param released completes once the kernel has let go of the device (for ioctl: NBD_DO_IT
     *     returned and the socket was cleared; for netlink: at once, the kernel tears down by itself)
     */
    record Connection(int index, CompletableFuture<Void> released) {
    }

    /** "/dev/nbdN". */
    static String path(int index) {
        return "/dev/nbd" + index;
    }
}
