package io.lunbridge.bridge.nbd.transmission;

import io.lunbridge.block.BlockIoException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The error values the NBD protocol allows in replies (proto.md "Error values"). Device failures are
 * mapped through {@link BlockIoException.Kind#errno()}; anything unrecognised becomes EIO.
 */
public enum NbdErrno {
    EPERM(1), EIO(5), ENOMEM(12), EINVAL(22), ENOSPC(28), EOVERFLOW(75), ENOTSUP(95), ESHUTDOWN(108);

    private final int value;

    NbdErrno(int value) {
        this.value = value;
    }

    /** The value sent in the error field. */
    public int value() {
        return value;
    }

    /** The NBD error for a failed device future (unwrapping completion wrappers). */
    public static NbdErrno of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof BlockIoException) {
            int errno = ((BlockIoException) t).kind().errno();
            for (NbdErrno e : values()) {
                if (e.value == errno) {
                    return e;
                }
            }
        }
        return EIO;
    }
}
