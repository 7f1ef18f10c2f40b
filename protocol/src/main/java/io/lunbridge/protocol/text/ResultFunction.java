package io.lunbridge.protocol.text;

/**
 * How the value of a negotiated key follows from the two sides' values (RFC 7143 §6.2.1, §13).
 * A responder answers with the result, so the originator can check the answer against its offer.
 */
public enum ResultFunction {
    /** Boolean AND: a "No" offer can only be answered "No". */
    AND("the result must be the boolean AND"),
    /** Boolean OR: a "Yes" offer can only be answered "Yes". */
    OR("the result must be the boolean OR"),
    /** Numerical minimum: the answer may not exceed the offer. */
    MIN("the result must be the minimum"),
    /** Numerical maximum: the answer may not be below the offer. */
    MAX("the result must be the maximum"),
    /** List: the answer is one value chosen from the offered list. */
    LIST("the result must be one of the offered values"),
    /** Declarative: each side states its own value; nothing is answered. */
    DECLARATIVE("the value is declared, not negotiated");

    private final String rule;

    ResultFunction(String rule) {
        this.rule = rule;
    }

    /** The rule in words, for error messages. */
    public String rule() {
        return rule;
    }
}
