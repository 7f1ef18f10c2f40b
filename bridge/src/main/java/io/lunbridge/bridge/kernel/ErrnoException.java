package io.lunbridge.bridge.kernel;

import java.io.IOException;

/** A system call or netlink request that failed with an errno; the message names both. */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    /** With a complete message that already names the call and the errno. */
    public ErrnoException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** "CALL failed: ENAME". */
    public static ErrnoException of(String call, int errno) {
        return new ErrnoException(call + " failed: " + Errno.name(errno), errno);
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }
}
