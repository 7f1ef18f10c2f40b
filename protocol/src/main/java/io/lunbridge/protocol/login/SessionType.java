package io.lunbridge.protocol.login;

/** The SessionType key (RFC 7143 §13.21): a normal session to a target or a discovery session. */
public enum SessionType {
    NORMAL("Normal"),
    DISCOVERY("Discovery");

    private final String wireValue;

    SessionType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value sent on the wire. */
    public String wireValue() {
        return wireValue;
    }
}
