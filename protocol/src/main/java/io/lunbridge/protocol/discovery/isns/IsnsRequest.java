package io.lunbridge.protocol.discovery.isns;

import java.util.ArrayList;
import java.util.List;

/**
 * The payload of an iSNSP request (RFC 4171 §5.6.1): the Source attribute, the Message Key
 * attributes, the Delimiter, then the Operating attributes. An empty operating list still
 * carries the delimiter.
 */
public record IsnsRequest(IsnsFunction function, int flags, IsnsAttribute source, List<IsnsAttribute> keys,
                          List<IsnsAttribute> operating) {

    public IsnsRequest {
        keys = List.copyOf(keys);
        operating = List.copyOf(operating);
    }

    /** The payload bytes. */
    public byte[] payload() {
        List<IsnsAttribute> all = new ArrayList<>();
        all.add(source);
        all.addAll(keys);
        all.add(IsnsAttribute.DELIMITER);
        all.addAll(operating);
        return IsnsAttributeCodec.encode(all);
    }

    /** The request as a message with the given transaction id (client flag set). */
    public IsnsMessage toMessage(int transactionId) {
        return new IsnsMessage(function.code(), transactionId, IsnsPdu.FLAG_CLIENT | flags, payload());
    }

    /**
     * Parses a request payload (as a server or a test sees it).
     *
     * @throws IsnsFormatException if the payload has no source attribute
     */
    public static IsnsRequest parse(IsnsMessage message) {
        List<IsnsAttribute> all = IsnsAttributeCodec.decode(message.payload(), 0);
        if (all.isEmpty() || all.get(0).tag() == IsnsTag.DELIMITER.code()) {
            throw new IsnsFormatException("source attribute", 0, "request " + message.function() + " has no source attribute");
        }
        int delimiter = indexOfDelimiter(all, 1);
        List<IsnsAttribute> keys = all.subList(1, delimiter < 0 ? all.size() : delimiter);
        List<IsnsAttribute> operating = delimiter < 0 ? List.of() : all.subList(delimiter + 1, all.size());
        return new IsnsRequest(message.function(), message.flags() & IsnsPdu.FLAG_REPLACE, all.get(0), keys, operating);
    }

    static int indexOfDelimiter(List<IsnsAttribute> attributes, int from) {
        for (int i = from; i < attributes.size(); i++) {
            if (attributes.get(i).tag() == IsnsTag.DELIMITER.code()) {
                return i;
            }
        }
        return -1;
    }
}
