package io.lunbridge.bridge.fuse;

/**
 * A request from /dev/fuse that does not match the layout of its opcode. The message names the
 * opcode, the field and the bad value; the server logs it and answers the request with EIO.
 */
public final class FuseFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public FuseFormatException(String message) {
        super(message);
    }
}
