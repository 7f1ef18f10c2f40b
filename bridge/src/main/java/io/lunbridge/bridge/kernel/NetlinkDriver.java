package io.lunbridge.bridge.kernel;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** Drives the nbd driver through its generic netlink family (one short-lived socket per request). */
public final class NetlinkDriver implements NbdDriver {
    private final Posix posix;

    public NetlinkDriver(Posix posix) {
        this.posix = posix;
    }

    /** Whether the running kernel has the "nbd" generic netlink family (the nbd driver is loaded). */
    public static boolean available(Posix posix) {
        try (GenlSocket s = GenlSocket.open(posix)) {
            return s.familyId(NbdGenl.FAMILY).isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public AttachMode mode() {
        return AttachMode.NETLINK;
    }

    @Override
    public Connection connect(int socketFd, OptionalInt index, DeviceParameters params) throws IOException {
        return connect(socketFd, index, params, "");
    }

    @Override
    public Connection connect(int socketFd, OptionalInt index, DeviceParameters params, String backend)
            throws IOException {
        try (GenlSocket s = GenlSocket.open(posix)) {
            int family = family(s);
            List<GenlReply> replies = request(s, family, NbdGenl.CMD_CONNECT, "NBD_CMD_CONNECT",
                    NbdGenl.connect(index, socketFd, params, backend), index);
            return new Connection(NbdGenl.connectedIndex(replies), CompletableFuture.completedFuture(null));
        }
    }

    @Override
    public void reconnect(int socketFd, int index, DeviceParameters params, String backend) throws IOException {
        try (GenlSocket s = GenlSocket.open(posix)) {
            request(s, family(s), NbdGenl.CMD_RECONFIGURE, "NBD_CMD_RECONFIGURE",
                    NbdGenl.reconfigure(index, socketFd, params, backend), OptionalInt.of(index));
        }
    }

    @Override
    public void disconnect(int index) throws IOException {
        try (GenlSocket s = GenlSocket.open(posix)) {
            int family = family(s);
            Optional<NbdGenl.DeviceStatus> st = status(s, family, index);
            if (st.isEmpty() || !st.get().connected()) {
                throw new IOException(NbdDriver.path(index) + " is not attached (NBD_CMD_STATUS)");
            }
            request(s, family, NbdGenl.CMD_DISCONNECT, "NBD_CMD_DISCONNECT", NbdGenl.device(index), OptionalInt.of(index));
        }
    }

    /** NBD_CMD_STATUS of one device; empty if the kernel has no such device. */
    public Optional<NbdGenl.DeviceStatus> status(int index) throws IOException {
        try (GenlSocket s = GenlSocket.open(posix)) {
            return status(s, family(s), index);
        }
    }

    private Optional<NbdGenl.DeviceStatus> status(GenlSocket s, int family, int index) throws IOException {
        try {
            List<GenlReply> r = request(s, family, NbdGenl.CMD_STATUS, "NBD_CMD_STATUS", NbdGenl.device(index),
                    OptionalInt.of(index));
            return NbdGenl.statusList(r).stream().filter(d -> d.index() == index).findFirst();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static int family(GenlSocket s) throws IOException {
        return s.familyId(NbdGenl.FAMILY).orElseThrow(() -> new IOException(
                "the kernel has no generic netlink family 'nbd': the nbd driver is not loaded (modprobe nbd)"));
    }

    private static List<GenlReply> request(GenlSocket s, int family, int cmd, String name,
                                           List<NetlinkAttribute> attrs, OptionalInt index) throws IOException {
        try {
            return s.request(family, cmd, NbdGenl.VERSION, attrs, name);
        } catch (ErrnoException e) {
            throw withDevice(e, index);
        }
    }

    /** The kernel's refusal with what it means for the device, e.g. "… failed: EBUSY (device /dev/nbd0 in use)". */
    static ErrnoException withDevice(ErrnoException e, OptionalInt index) {
        String device = index.isPresent() ? NbdDriver.path(index.getAsInt()) : "a free nbd device";
        return new ErrnoException(e.getMessage() + " (" + explain(e.errno(), device) + ")", e.errno());
    }

    /** A short explanation of what an errno means for an nbd request on {@code device}. */
    static String explain(int errno, String device) {
        switch (errno) {
            case Errno.EBUSY: return "device " + device + " in use";
            case Errno.EPERM:
            case Errno.EACCES: return "not permitted: needs CAP_SYS_ADMIN (root)";
            case Errno.ENOENT:
            case Errno.ENODEV: return "no device " + device;
            case Errno.EINVAL: return "the kernel rejected the request for " + device;
            case Errno.ENOSPC: return "no free nbd device (raise nbds_max)";
            default: return "device " + device;
        }
    }
}
