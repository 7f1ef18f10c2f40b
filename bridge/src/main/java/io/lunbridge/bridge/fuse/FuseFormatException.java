package io.lunbridge.bridge.fuse;

import io.lunbridge.wire.MalformedInputException;

/**
 * A request from /dev/fuse that does not match the layout of its opcode, under the decoder-error
 * convention (docs/architecture.md, "Decoder errors"): {@link #field()} names the field as the
 * kernel's uapi fuse.h does ({@code fuse_in_header.len}, {@code fuse_read_in.size}, …), {@link #offset()}
 * is its byte offset from the start of the request (the fuse_in_header), and the message names both
 * and the bad value. One read(2) is one request, so nothing after it is lost: the server logs it once
 * and answers that request with EIO.
 */
public final class FuseFormatException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the field as fuse.h names it
     * @param offset its byte offset from the start of the request, or {@link #UNKNOWN_OFFSET}
     * @param problem the bad value and what was expected
     */
    public FuseFormatException(String field, int offset, String problem) {
        super(field, offset, describe(field, offset, problem));
    }
}
