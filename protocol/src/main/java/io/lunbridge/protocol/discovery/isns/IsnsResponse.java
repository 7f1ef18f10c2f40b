package io.lunbridge.protocol.discovery.isns;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The payload of an iSNSP response (RFC 4171 §5.7): a 4-byte status code, then the Message Key
 * attributes, the Delimiter and the Operating attributes (a response may stop after the status).
 */
public record IsnsResponse(IsnsFunction function, long status, List<IsnsAttribute> keys, List<IsnsAttribute> operating) {

    public IsnsResponse {
        keys = List.copyOf(keys);
        operating = List.copyOf(operating);
    }

    public boolean successful() {
        return status == IsnsStatus.SUCCESSFUL.code();
    }

    /**
     * Parses a response message.
     *
     * @throws IsnsFormatException if it is not a response, has no status, or its attributes are
     *     malformed
     */
    public static IsnsResponse parse(IsnsMessage message) {
        if (!message.isResponse()) {
            throw new IsnsFormatException("function id", 2, String.format("0x%04x is a request, expected a response",
                    message.functionId()));
        }
        byte[] payload = message.payload();
        if (payload.length < 4) {
            throw new IsnsFormatException("status", 12, "response " + message.function() + " has "
                    + payload.length + " payload bytes, the status code needs 4");
        }
        long status = ByteBuffer.wrap(payload).getInt(0) & 0xFFFF_FFFFL;
        List<IsnsAttribute> all = IsnsAttributeCodec.decode(payload, 4);
        int delimiter = IsnsRequest.indexOfDelimiter(all, 0);
        List<IsnsAttribute> keys = all.subList(0, delimiter < 0 ? all.size() : delimiter);
        List<IsnsAttribute> operating = delimiter < 0 ? List.of() : all.subList(delimiter + 1, all.size());
        return new IsnsResponse(message.function(), status, keys, operating);
    }

    /** The response payload bytes (status, keys, and a delimiter plus operating attributes if any). */
    public byte[] payload() {
        List<IsnsAttribute> all = new java.util.ArrayList<>(keys);
        if (!operating.isEmpty()) {
            all.add(IsnsAttribute.DELIMITER);
            all.addAll(operating);
        }
        byte[] attrs = IsnsAttributeCodec.encode(all);
        return ByteBuffer.allocate(4 + attrs.length).putInt((int) status).put(attrs).array();
    }

    /** The response as a message answering {@code transactionId}, sent with the given sender flag. */
    public IsnsMessage toMessage(int transactionId, int senderFlag) {
        return new IsnsMessage(function.responseCode(), transactionId, senderFlag, payload());
    }
}
