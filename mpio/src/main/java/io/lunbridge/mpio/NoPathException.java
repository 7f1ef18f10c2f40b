package io.lunbridge.mpio;

/**
 * A command failed because its device had no usable path: the replacement timeout expired (or is
 * zero), or the device was closed. Exporters report it as EIO.
 */
public final class NoPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoPathException(String message) {
        super(message, null, false, false);
    }
}
