package io.lunbridge.bridge.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The nbd driver's generic netlink interface (include/uapi/linux/nbd-netlink.h, family "nbd",
 * version 1): the request attribute sets are built here, purely, so that they can be tested as
 * byte vectors; {@link NbdNetlink} sends them.
 */
public final class NbdGenl {
    public static final String FAMILY = "nbd";
    public static final int VERSION = 1;

    public static final int CMD_CONNECT = 1;
    public static final int CMD_DISCONNECT = 2;
    public static final int CMD_RECONFIGURE = 3;
    public static final int CMD_LINK_DEAD = 4;
    public static final int CMD_STATUS = 5;

    public static final int ATTR_INDEX = 1;
    public static final int ATTR_SIZE_BYTES = 2;
    public static final int ATTR_BLOCK_SIZE_BYTES = 3;
    public static final int ATTR_TIMEOUT = 4;
    public static final int ATTR_SERVER_FLAGS = 5;
    public static final int ATTR_CLIENT_FLAGS = 6;
    public static final int ATTR_SOCKETS = 7;
    public static final int ATTR_DEAD_CONN_TIMEOUT = 8;
    public static final int ATTR_DEVICE_LIST = 9;
    /**
     * NBD_ATTR_BACKEND_IDENTIFIER (NLA_STRING): set at connect, shown in /sys/block/nbdN/backend, and
     * required to match at NBD_CMD_RECONFIGURE ("backend image doesn't match"). The kernel's policy sets
     * no length; the sysfs file is printed into one page, so identifiers stay far below 4096 bytes.
     */
    public static final int ATTR_BACKEND_IDENTIFIER = 10;

    public static final int SOCK_ITEM = 1;
    public static final int SOCK_FD = 1;

    public static final int DEVICE_ITEM = 1;
    public static final int DEVICE_INDEX = 1;
    public static final int DEVICE_CONNECTED = 2;

    private NbdGenl() {
    }

    /** NBD_CMD_CONNECT attributes: index if chosen, size, block size, flags, timeouts, one socket. */
    public static List<NetlinkAttribute> connect(OptionalInt index, int socketFd, DeviceParameters p) {
        return connect(index, socketFd, p, "");
    }

    /** NBD_CMD_CONNECT attributes with a backend identifier (none when empty). */
    public static List<NetlinkAttribute> connect(OptionalInt index, int socketFd, DeviceParameters p, String backend) {
        List<NetlinkAttribute> a = new ArrayList<>(configure(index, socketFd, p));
        if (!backend.isEmpty()) {
            a.add(NetlinkAttribute.string(ATTR_BACKEND_IDENTIFIER, backend));
        }
        return a;
    }

    /**
     * NBD_CMD_RECONFIGURE attributes handing device {@code index} a new socket: the same size, block
     * size and timeouts, and the identifier the device was connected with (the kernel refuses a
     * reconfigure of a device with an identifier unless it matches). Server flags cannot change here.
     */
    public static List<NetlinkAttribute> reconfigure(int index, int socketFd, DeviceParameters p, String backend) {
        if (backend.isEmpty()) {
            throw new IllegalArgumentException("NBD_CMD_RECONFIGURE of /dev/nbd" + index + " without a backend identifier");
        }
        List<NetlinkAttribute> a = new ArrayList<>();
        a.add(NetlinkAttribute.u32(ATTR_INDEX, index));
        a.add(NetlinkAttribute.string(ATTR_BACKEND_IDENTIFIER, backend));
        a.add(NetlinkAttribute.u64(ATTR_SIZE_BYTES, p.sizeBytes()));
        a.add(NetlinkAttribute.u64(ATTR_BLOCK_SIZE_BYTES, p.blockSize()));
        a.add(NetlinkAttribute.u64(ATTR_TIMEOUT, p.timeoutSeconds()));
        a.add(NetlinkAttribute.u64(ATTR_DEAD_CONN_TIMEOUT, p.deadConnTimeoutSeconds()));
        a.add(sockets(socketFd));
        return a;
    }

    private static NetlinkAttribute sockets(int socketFd) {
        return NetlinkAttribute.nested(ATTR_SOCKETS, List.of(
                NetlinkAttribute.nested(SOCK_ITEM, List.of(NetlinkAttribute.u32(SOCK_FD, socketFd)))));
    }

    private static List<NetlinkAttribute> configure(OptionalInt index, int socketFd, DeviceParameters p) {
        List<NetlinkAttribute> a = new ArrayList<>();
        index.ifPresent(i -> a.add(NetlinkAttribute.u32(ATTR_INDEX, i)));
        a.add(NetlinkAttribute.u64(ATTR_SIZE_BYTES, p.sizeBytes()));
        a.add(NetlinkAttribute.u64(ATTR_BLOCK_SIZE_BYTES, p.blockSize()));
        a.add(NetlinkAttribute.u64(ATTR_SERVER_FLAGS, Integer.toUnsignedLong(p.serverFlags())));
        a.add(NetlinkAttribute.u64(ATTR_TIMEOUT, p.timeoutSeconds()));
        a.add(NetlinkAttribute.u64(ATTR_DEAD_CONN_TIMEOUT, p.deadConnTimeoutSeconds()));
        a.add(sockets(socketFd));
        return a;
    }

    /** NBD_CMD_DISCONNECT / NBD_CMD_STATUS attributes naming one device. */
    public static List<NetlinkAttribute> device(int index) {
        return List.of(NetlinkAttribute.u32(ATTR_INDEX, index));
    }

    /** The device index in an NBD_CMD_CONNECT reply. */
    public static int connectedIndex(List<GenlReply> replies) {
        for (GenlReply r : replies) {
            java.util.Optional<Long> i = r.attributes().u32(ATTR_INDEX, "NBD_ATTR_INDEX");
            if (i.isPresent()) {
                return Math.toIntExact(i.get());
            }
        }
        throw new NetlinkFormatException("NBD_CMD_CONNECT reply", "NBD_ATTR_INDEX", NetlinkFormatException.UNKNOWN_OFFSET,
                "attribute missing");
    }

    /** The devices in an NBD_CMD_STATUS reply (NBD_ATTR_DEVICE_LIST of NBD_DEVICE_ITEMs). */
    public static List<DeviceStatus> statusList(List<GenlReply> replies) {
        List<DeviceStatus> out = new ArrayList<>();
        for (GenlReply r : replies) {
            for (NetlinkAttributes list : r.attributes().nested(ATTR_DEVICE_LIST, "NBD_ATTR_DEVICE_LIST")) {
                for (NetlinkAttributes item : list.nested(DEVICE_ITEM, "NBD_DEVICE_ITEM")) {
                    long index = item.u32(DEVICE_INDEX, "NBD_DEVICE_INDEX")
                            .orElseThrow(() -> item.missing("NBD_DEVICE_INDEX"));
                    int connected = item.u8(DEVICE_CONNECTED, "NBD_DEVICE_CONNECTED").orElse(0);
                    out.add(new DeviceStatus(Math.toIntExact(index), connected != 0));
                }
            }
        }
        return out;
    }

    /**
     * One device in an NBD_CMD_STATUS reply.
     *
     * @param index the N of /dev/nbdN
     * @param connected whether a socket is attached
     */
    public record DeviceStatus(int index, boolean connected) {
    }
}
