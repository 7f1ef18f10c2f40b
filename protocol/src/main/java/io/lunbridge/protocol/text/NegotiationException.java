package io.lunbridge.protocol.text;

/**
 * A target's negotiation answer or offer that breaks RFC 7143 rules (range, result function, a
 * required key rejected). The message names the key, the value and the rule.
 */
public final class NegotiationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    public NegotiationException(String key, String value, String message) {
        super(message);
        this.key = key;
        this.value = value;
    }

    /** The key whose negotiation failed. */
    public String key() {
        return key;
    }

    /** The offending value as received (null if the key was missing). */
    public String value() {
        return value;
    }
}
