package io.lunbridge.protocol.pdu;

import java.util.EnumMap;
import java.util.Map;

/**
 * PDUs sent and received (by opcode) and digest errors detected, over the connections of one path
 * (a nexus keeps one instance across its re-logins) or of one connection. {@link PduDecoder} and
 * {@link PduEncoder} count into it as each PDU passes.
 *
 * <p><b>Threading.</b> Plain fields, no atomics: they are written on the event loop of the
 * connection and must be read ({@link #snapshot()}) on that loop too; the connections that share
 * an instance must run on one loop (a multipath target runs all its sessions on its own loop).
 */
public final class PduCounters {
    private static final Opcode[] OPCODES = Opcode.values();

    private final long[] sent = new long[OPCODES.length];
    private final long[] received = new long[OPCODES.length];
    private long headerDigestErrors;
    private long dataDigestErrors;

    void sent(Opcode opcode) {
        sent[opcode.ordinal()]++;
    }

    void received(Opcode opcode) {
        received[opcode.ordinal()]++;
    }

    void headerDigestError() {
        headerDigestErrors++;
    }

    void dataDigestError() {
        dataDigestErrors++;
    }

    /** An immutable copy; call it on the loop that writes the counters. */
    public PduStats snapshot() {
        Map<Opcode, Long> out = new EnumMap<>(Opcode.class);
        Map<Opcode, Long> in = new EnumMap<>(Opcode.class);
        for (Opcode o : OPCODES) {
            long s = sent[o.ordinal()];
            long r = received[o.ordinal()];
            if (!o.fromTarget() || s > 0) {
                out.put(o, s);
            }
            if (o.fromTarget() || r > 0) {
                in.put(o, r); // an initiator opcode only if a target sent one (a protocol error)
            }
        }
        return new PduStats(out, in, headerDigestErrors, dataDigestErrors);
    }
}
