package io.lunbridge.protocol.discovery.isns;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A complete iSNSP message: the function id as on the wire (responses have 0x8000 set), the
 * transaction id, the message flags (client/server/replace; first/last are PDU framing and are not
 * kept here) and the payload of all its PDUs concatenated.
 */
public record IsnsMessage(int functionId, int transactionId, int flags, byte[] payload) {

    /** Flags that describe the message rather than one PDU of it. */
    public static final int MESSAGE_FLAGS = IsnsPdu.FLAG_CLIENT | IsnsPdu.FLAG_SERVER | IsnsPdu.FLAG_REPLACE;

    public IsnsMessage {
        payload = payload.clone();
        flags &= MESSAGE_FLAGS;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The function (request or response), or a format error for an undefined id. */
    public IsnsFunction function() {
        return IsnsFunction.fromCode(functionId, 2);
    }

    public boolean isResponse() {
        return IsnsFunction.isResponse(functionId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IsnsMessage)) {
            return false;
        }
        IsnsMessage m = (IsnsMessage) o;
        return m.functionId == functionId && m.transactionId == transactionId && m.flags == flags
                && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {functionId, transactionId, flags, Arrays.hashCode(payload)});
    }

    @Override
    public String toString() {
        return String.format("IsnsMessage[function=0x%04x, xid=%d, flags=0x%04x, payload=%s]",
                functionId, transactionId, flags, HexFormat.of().formatHex(payload));
    }
}
