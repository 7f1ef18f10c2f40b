package io.lunbridge.bridge.kernel;

/** A netlink message or attribute from the kernel that does not parse; the message names the field. */
public final class NetlinkFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetlinkFormatException(String message) {
        super(message);
    }
}
