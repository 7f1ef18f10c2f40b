package io.lunbridge.protocol.discovery.slp;

import java.util.Objects;

/**
 * One RFC 4018 {@code auth-cred} value: {@code <method>/<identifier>} (e.g. {@code chap/lunbridge},
 * the CHAP user the target expects) or {@code any}.
 *
 * @param method the authentication method, lowercased, or {@code any}
 * @param identifier the credential identifier, empty for {@code any}
 */
public record AuthCredential(String method, String identifier) {

    /** Requires the parts. */
    public AuthCredential {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(identifier, "identifier");
    }

    /** Parses {@code any} or {@code method/identifier}. */
    public static AuthCredential parse(String text) {
        if (text.equalsIgnoreCase("any")) {
            return new AuthCredential("any", "");
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new SlpFormatException("auth-cred", SlpFormatException.UNKNOWN_OFFSET, "attribute auth-cred value '" + text
                    + "': expected 'any' or '<method>/<identifier>'");
        }
        return new AuthCredential(text.substring(0, slash).toLowerCase(java.util.Locale.ROOT),
                text.substring(slash + 1));
    }

    /** True for {@code any}. */
    public boolean isAny() {
        return method.equals("any");
    }
}
