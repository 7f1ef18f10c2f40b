package io.lunbridge.bridge.nbd.options;

/** Option data that does not follow the option's layout; answered with NBD_REP_ERR_INVALID. */
public final class OptionFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionFormatException(String message) {
        super(message);
    }
}
