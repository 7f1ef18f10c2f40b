package io.lunbridge.bridge.kernel;

import java.nio.ByteBuffer;

/**
 * One received netlink message: the struct nlmsghdr fields and the payload after the header (for a
 * generic netlink reply, a genlmsghdr followed by attributes; for NLMSG_ERROR, a struct nlmsgerr).
 *
 * @param type nlmsg_type (a family id, or NLMSG_ERROR / NLMSG_DONE)
 * @param flags nlmsg_flags
 * @param seq nlmsg_seq, echoing the request's
 * @param portId nlmsg_pid
 * @param payload read-only bytes after the 16-byte header, in the codec's byte order
 * @param offset where its nlmsghdr starts in the datagram (for the offsets of format errors)
 */
public record NetlinkMessage(int type, int flags, int seq, int portId, ByteBuffer payload, int offset) {
    /** nlmsg_type of an error or acknowledgement. */
    public static final int NLMSG_ERROR = 2;
    /** nlmsg_type ending a multi-part dump. */
    public static final int NLMSG_DONE = 3;

    /** Whether this is an NLMSG_ERROR message (an error, or an ACK when its error code is 0). */
    public boolean isError() {
        return type == NLMSG_ERROR;
    }
}
