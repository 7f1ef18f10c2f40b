package io.lunbridge.bridge.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A generic netlink socket (AF_NETLINK, NETLINK_GENERIC) for synchronous request / reply exchanges
 * with the kernel: resolves family names through the controller (CTRL_CMD_GETFAMILY) and sends
 * requests with NLM_F_ACK, collecting replies until the acknowledgement. Not thread-safe: one
 * caller at a time.
 */
public final class GenlSocket implements AutoCloseable {
    /** The generic netlink controller's family id (GENL_ID_CTRL). */
    public static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_VERSION = 2;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    private static final int RECEIVE_TIMEOUT_SECONDS = 60;

    private final Posix posix;
    private final NetlinkCodec codec;
    private final int fd;
    private final byte[] buffer = new byte[64 * 1024];
    private int seq;

    private GenlSocket(Posix posix, NetlinkCodec codec, int fd) {
        this.posix = posix;
        this.codec = codec;
        this.fd = fd;
        this.seq = (int) (System.nanoTime() & 0x3fffffff);
    }

    /** Opens a socket to the running kernel's generic netlink. */
    public static GenlSocket open(Posix posix) throws ErrnoException {
        int fd = posix.socket(Posix.AF_NETLINK, Posix.SOCK_RAW | Posix.SOCK_CLOEXEC, Posix.NETLINK_GENERIC);
        try {
            posix.receiveTimeout(fd, RECEIVE_TIMEOUT_SECONDS);
        } catch (ErrnoException e) {
            posix.closeQuietly(fd);
            throw e;
        }
        return new GenlSocket(posix, codec(), fd);
    }

    private static NetlinkCodec codec() {
        return NetlinkCodec.host();
    }

    /**
     * The id of generic netlink family {@code name}, or empty if the kernel has no such family
     * (ENOENT: for "nbd", the nbd driver is not loaded).
     */
    public Optional<Integer> familyId(String name) throws IOException {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("generic netlink family name '" + name + "' must have 1..15 characters");
        }
        try {
            List<GenlReply> replies = request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_VERSION,
                    List.of(NetlinkAttribute.string(CTRL_ATTR_FAMILY_NAME, name)), "CTRL_CMD_GETFAMILY " + name);
            for (GenlReply r : replies) {
                Optional<Integer> id = r.attributes().u16(CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID");
                if (id.isPresent()) {
                    return id;
                }
            }
            throw new NetlinkFormatException("CTRL_CMD_GETFAMILY " + name + " reply", "CTRL_ATTR_FAMILY_ID",
                    NetlinkFormatException.UNKNOWN_OFFSET, "attribute missing");
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Sends one request and returns the replies received before the acknowledgement.
     *
     * @param what names the request in error messages, e.g. "NBD_CMD_CONNECT"
     * @throws ErrnoException "netlink WHAT failed: ENAME" if the kernel answers with an error
     */
    public List<GenlReply> request(int family, int cmd, int version, List<NetlinkAttribute> attributes, String what)
            throws IOException {
        int mySeq = ++seq;
        posix.send(fd, codec.encodeGenl(family, NetlinkCodec.NLM_F_REQUEST | NetlinkCodec.NLM_F_ACK, mySeq, cmd,
                version, attributes), "netlink " + what);
        List<GenlReply> replies = new ArrayList<>();
        while (true) {
            int n = posix.recv(fd, buffer, "netlink " + what);
            // replies keep slices of the datagram: copy it, the buffer is reused by the next receive
            for (NetlinkMessage m : codec.decode(ByteBuffer.wrap(java.util.Arrays.copyOf(buffer, n)))) {
                if (m.seq() != mySeq) {
                    continue; // a late answer to an earlier, abandoned request
                }
                if (m.isError()) {
                    int errno = codec.errno(m);
                    if (errno != 0) {
                        throw new ErrnoException("netlink " + what + " failed: " + Errno.name(errno), errno);
                    }
                    return replies;
                }
                if (m.type() != NetlinkMessage.NLMSG_DONE) {
                    replies.add(codec.genl(m, what + " reply"));
                }
            }
        }
    }

    @Override
    public void close() {
        posix.closeQuietly(fd);
    }
}
