package io.lunbridge.protocol.text;

/**
 * Text that violates the key=value syntax of RFC 7143 §6.1. It is a protocol error on the
 * connection that carried it. The message names the offending key (or byte offset) and value.
 */
public final class TextFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TextFormatException(String message) {
        super(message);
    }
}
