package io.lunbridge.block;

/**
 * A failed block operation, classified so that exporters can map it to their own error codes
 * (NBD errno values, FUSE errno) without knowing where it came from.
 */
public final class BlockIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error classes, each with the errno an exporter should report. */
    public enum Kind {
        /** Medium or transport error, or no path within the replacement timeout: EIO. */
        IO(5),
        /** Write-protected or access denied (DATA PROTECT): EPERM. */
        PERMISSION(1),
        /** Out of range or misaligned request: EINVAL. */
        INVALID(22),
        /** Thin pool out of space: ENOSPC. */
        NO_SPACE(28),
        /** Operation not supported by this device: ENOTSUP. */
        NOT_SUPPORTED(95),
        /** Device is being shut down: ESHUTDOWN. */
        SHUTDOWN(108);

        private final int errno;

        Kind(int errno) {
            this.errno = errno;
        }

        /** The Linux errno value for this kind. */
        public int errno() {
            return errno;
        }
    }

    private final Kind kind;

    public BlockIoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BlockIoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
