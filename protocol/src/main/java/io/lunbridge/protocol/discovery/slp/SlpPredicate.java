package io.lunbridge.protocol.discovery.slp;

/**
 * Builds RFC 2608 §8.1 (LDAPv3 search filter) predicates for SrvRqsts, escaping values as RFC 2608
 * §5 requires: the reserved characters {@code ( ) , \ ! < = > ~}, the wildcard {@code *}, and
 * control characters become {@code \HH}.
 */
public final class SlpPredicate {
    private static final String RESERVED = "(),\\!<=>~*";

    private SlpPredicate() {
    }

    /** {@code (tag=value)}, matching the value exactly (SLP compares strings case-insensitively). */
    public static String equalTo(String tag, String value) {
        if (tag.isEmpty() || tag.chars().anyMatch(c -> RESERVED.indexOf(c) >= 0 || c <= 0x20)) {
            throw new IllegalArgumentException("SLP predicate tag: expected an attribute name, found '" + tag + "'");
        }
        StringBuilder sb = new StringBuilder("(").append(tag).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (RESERVED.indexOf(c) >= 0 || c < 0x20 || c == 0x7F) {
                sb.append('\\').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(')').toString();
    }
}
