package io.lunbridge.protocol.pdu;

import java.util.Map;

/**
 * A snapshot of {@link PduCounters}.
 *
 * @param sent PDUs written, by opcode: every initiator opcode (0 when none was sent)
 * @param received PDUs decoded, by opcode: every target opcode (0 when none arrived), and any other a target sent
 * @param headerDigestErrors received PDUs whose header digest did not match (each one ends its connection)
 * @param dataDigestErrors received PDUs whose data digest did not match (each one ends its connection)
 */
public record PduStats(Map<Opcode, Long> sent, Map<Opcode, Long> received, long headerDigestErrors,
                       long dataDigestErrors) {
    public PduStats {
        sent = Map.copyOf(sent);
        received = Map.copyOf(received);
    }

    /** Every PDU sent. */
    public long sentTotal() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every PDU received. */
    public long receivedTotal() {
        return received.values().stream().mapToLong(Long::longValue).sum();
    }
}
