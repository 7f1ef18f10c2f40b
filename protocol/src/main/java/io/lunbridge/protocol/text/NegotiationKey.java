package io.lunbridge.protocol.text;

import java.util.List;

/**
 * The definition of one login/text key (RFC 7143 §13): its result function, value syntax, allowed
 * range, RFC default and whether it is irrelevant in discovery sessions. Declared once, in
 * {@link NegotiationKeys}.
 *
 * @param name key name as on the wire
 * @param function result function
 * @param type value syntax
 * @param min smallest allowed numerical value (numerical keys only)
 * @param max largest allowed numerical value (numerical keys only)
 * @param rfcDefault the value in force when the key is not negotiated, or null if it has none
 * @param irrelevantInDiscovery true if RFC 7143 says "Irrelevant when: SessionType=Discovery"
 */
public record NegotiationKey(String name, ResultFunction function, ValueType type, long min, long max,
                             String rfcDefault, boolean irrelevantInDiscovery) {

    /** Value syntax of a key (RFC 7143 §6.1). */
    public enum ValueType {
        /** "Yes" or "No". */
        BOOLEAN,
        /** Decimal or 0x-hex number within [min, max]. */
        NUMBER,
        /** Comma-separated list of standard labels; an answer is one of them. */
        LIST,
        /** Free text (UTF-8, at most 255 bytes). */
        TEXT
    }

    /** Parses a numerical value of this key and checks its range; the message says why not. */
    public long parseNumber(String value) throws NegotiationException {
        long n;
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                n = Long.parseLong(value.substring(2), 16);
            } else {
                if (value.isEmpty() || value.startsWith("+") || value.startsWith("-")) {
                    throw new NumberFormatException(value);
                }
                n = Long.parseLong(value);
            }
        } catch (NumberFormatException e) {
            throw new NegotiationException(name, value, name + "=" + value + " is not a number");
        }
        if (n < min || n > max) {
            throw new NegotiationException(name, value, name + "=" + value + " is out of range "
                    + min + ".." + max);
        }
        return n;
    }

    /** Parses "Yes"/"No"; the message says why not. */
    public boolean parseBoolean(String value) throws NegotiationException {
        if ("Yes".equals(value)) {
            return true;
        }
        if ("No".equals(value)) {
            return false;
        }
        throw new NegotiationException(name, value, name + "=" + value + " is not Yes or No");
    }

    /**
     * Applies this key's result function to the initiator's value and the target's value (both
     * already valid for this key). For LIST, {@code initiator} is our list in preference order and
     * {@code target} the target's list; the result is the first of the originator's values the
     * responder also has, or null when there is none.
     */
    public String result(String initiator, String target, boolean initiatorIsOriginator) {
        switch (function) {
            case AND:
                return "Yes".equals(initiator) && "Yes".equals(target) ? "Yes" : "No";
            case OR:
                return "Yes".equals(initiator) || "Yes".equals(target) ? "Yes" : "No";
            case MIN:
                return Long.parseLong(initiator) <= parseQuiet(target) ? initiator : Long.toString(parseQuiet(target));
            case MAX:
                return Long.parseLong(initiator) >= parseQuiet(target) ? initiator : Long.toString(parseQuiet(target));
            case LIST:
                List<String> originator = List.of((initiatorIsOriginator ? initiator : target).split(","));
                List<String> responder = List.of((initiatorIsOriginator ? target : initiator).split(","));
                for (String v : originator) {
                    if (responder.contains(v)) {
                        return v;
                    }
                }
                return null;
            default:
                throw new IllegalStateException(name + " is declarative and has no result");
        }
    }

    private long parseQuiet(String value) {
        return value.startsWith("0x") || value.startsWith("0X")
                ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
    }
}
