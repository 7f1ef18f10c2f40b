package io.lunbridge.bridge.kernel;

import io.lunbridge.wire.MalformedInputException;

/**
 * A netlink datagram, message or attribute from the kernel that does not parse, under the
 * decoder-error convention (docs/architecture.md, "Decoder errors"): {@link #field()} names the
 * field as netlink.h / genetlink.h / nbd-netlink.h do ({@code nlmsg_len}, {@code nla_len},
 * {@code NBD_ATTR_INDEX}), {@link #offset()} is its byte offset from the start of the datagram (one
 * recv(2)), or {@link #UNKNOWN_OFFSET} for an attribute that is missing. The message says what was
 * being parsed (e.g. "NBD_CMD_CONNECT reply"), the field, its offset and the bad value. The request
 * that received it fails with it; the caller reports it once (the attach fails naming it).
 */
public final class NetlinkFormatException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param where what was being parsed, e.g. "NBD_CMD_CONNECT reply"; empty for the datagram itself
     * @param field the field as the kernel headers name it
     * @param offset its byte offset in the datagram, or {@link #UNKNOWN_OFFSET}
     * @param problem the bad value and what was expected
     */
    public NetlinkFormatException(String where, String field, int offset, String problem) {
        super(field, offset, (where.isEmpty() ? "" : where + ": ") + describe(field, offset, problem));
    }
}
