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
     * {@link #connect(int, OptionalInt, DeviceParameters)} with a backend identifier the kernel shows in
     * /sys/block/nbdN/backend; the ioctl interface has none and ignores it.
     */
    default Connection connect(int socketFd, OptionalInt index, DeviceParameters params, String backend)
            throws IOException {
        return connect(socketFd, index, params);
    }

    /**
     * Hands {@code socketFd} to the configured device /dev/nbd{@code index} in place of its dead
     * connection (NBD_CMD_RECONFIGURE), keeping the device, its size and flags. The kernel replaces only
     * a socket it marked dead and, with none dead, drops the new one while still reporting success: the
     * caller checks that the kernel kept it.
     *
     * @throws IOException if this interface cannot reconnect (ioctl) or the kernel refuses
     */
    default void reconnect(int socketFd, int index, DeviceParameters params, String backend) throws IOException {
        throw new IOException("the " + mode() + " interface cannot hand " + path(index)
                + " a new connection (NBD_CMD_RECONFIGURE is netlink only)");
    }

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
