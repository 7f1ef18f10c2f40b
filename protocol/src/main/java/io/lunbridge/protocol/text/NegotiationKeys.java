package io.lunbridge.protocol.text;

import io.lunbridge.protocol.text.NegotiationKey.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every login/text key the initiator knows, each declared exactly once with its RFC 7143 §13
 * definition. Keys not listed here are answered {@code NotUnderstood} when a target offers them.
 */
public final class NegotiationKeys {
    /** Largest data segment / burst length: 2^24 - 1 (RFC 7143 §13.12-13.14). */
    public static final long MAX_24_BIT = (1L << 24) - 1;

    public static final NegotiationKey HEADER_DIGEST = list("HeaderDigest", "None");
    public static final NegotiationKey DATA_DIGEST = list("DataDigest", "None");
    public static final NegotiationKey AUTH_METHOD = list("AuthMethod", "None");
    public static final NegotiationKey MAX_CONNECTIONS =
            number("MaxConnections", ResultFunction.MIN, 1, 65535, "1", true);
    public static final NegotiationKey INITIAL_R2T = bool("InitialR2T", ResultFunction.OR, "Yes");
    public static final NegotiationKey IMMEDIATE_DATA = bool("ImmediateData", ResultFunction.AND, "Yes");
    public static final NegotiationKey MAX_RECV_DATA_SEGMENT_LENGTH = new NegotiationKey(
            "MaxRecvDataSegmentLength", ResultFunction.DECLARATIVE, ValueType.NUMBER, 512, MAX_24_BIT,
            "8192", false);
    public static final NegotiationKey MAX_BURST_LENGTH =
            number("MaxBurstLength", ResultFunction.MIN, 512, MAX_24_BIT, "262144", true);
    public static final NegotiationKey FIRST_BURST_LENGTH =
            number("FirstBurstLength", ResultFunction.MIN, 512, MAX_24_BIT, "65536", true);
    public static final NegotiationKey DEFAULT_TIME2WAIT =
            number("DefaultTime2Wait", ResultFunction.MAX, 0, 3600, "2", false);
    public static final NegotiationKey DEFAULT_TIME2RETAIN =
            number("DefaultTime2Retain", ResultFunction.MIN, 0, 3600, "20", false);
    public static final NegotiationKey MAX_OUTSTANDING_R2T =
            number("MaxOutstandingR2T", ResultFunction.MIN, 1, 65535, "1", true);
    public static final NegotiationKey DATA_PDU_IN_ORDER = bool("DataPDUInOrder", ResultFunction.OR, "Yes");
    public static final NegotiationKey DATA_SEQUENCE_IN_ORDER =
            bool("DataSequenceInOrder", ResultFunction.OR, "Yes");
    public static final NegotiationKey ERROR_RECOVERY_LEVEL =
            number("ErrorRecoveryLevel", ResultFunction.MIN, 0, 2, "0", false);
    public static final NegotiationKey TARGET_ALIAS = text("TargetAlias");
    public static final NegotiationKey TARGET_PORTAL_GROUP_TAG = new NegotiationKey("TargetPortalGroupTag",
            ResultFunction.DECLARATIVE, ValueType.NUMBER, 0, 65535, null, false);
    public static final NegotiationKey TARGET_ADDRESS = text("TargetAddress");
    public static final NegotiationKey INITIATOR_NAME = text("InitiatorName");
    public static final NegotiationKey INITIATOR_ALIAS = text("InitiatorAlias");
    public static final NegotiationKey TARGET_NAME = text("TargetName");
    public static final NegotiationKey SESSION_TYPE = new NegotiationKey("SessionType",
            ResultFunction.DECLARATIVE, ValueType.TEXT, 0, 0, "Normal", false);

    private static final Map<String, NegotiationKey> BY_NAME = index(HEADER_DIGEST, DATA_DIGEST, AUTH_METHOD,
            MAX_CONNECTIONS, INITIAL_R2T, IMMEDIATE_DATA, MAX_RECV_DATA_SEGMENT_LENGTH, MAX_BURST_LENGTH,
            FIRST_BURST_LENGTH, DEFAULT_TIME2WAIT, DEFAULT_TIME2RETAIN, MAX_OUTSTANDING_R2T, DATA_PDU_IN_ORDER,
            DATA_SEQUENCE_IN_ORDER, ERROR_RECOVERY_LEVEL, TARGET_ALIAS, TARGET_PORTAL_GROUP_TAG, TARGET_ADDRESS,
            INITIATOR_NAME, INITIATOR_ALIAS, TARGET_NAME, SESSION_TYPE);

    private NegotiationKeys() {
    }

    /** The definition of {@code name}, if the initiator knows the key. */
    public static Optional<NegotiationKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Map<String, NegotiationKey> index(NegotiationKey... keys) {
        Map<String, NegotiationKey> map = new LinkedHashMap<>();
        for (NegotiationKey k : keys) {
            if (map.put(k.name(), k) != null) {
                throw new IllegalStateException("key declared twice: " + k.name());
            }
        }
        return Map.copyOf(map);
    }

    private static NegotiationKey list(String name, String dflt) {
        return new NegotiationKey(name, ResultFunction.LIST, ValueType.LIST, 0, 0, dflt, false);
    }

    private static NegotiationKey bool(String name, ResultFunction f, String dflt) {
        return new NegotiationKey(name, f, ValueType.BOOLEAN, 0, 0, dflt, true);
    }

    private static NegotiationKey number(String name, ResultFunction f, long min, long max, String dflt,
                                         boolean irrelevantInDiscovery) {
        return new NegotiationKey(name, f, ValueType.NUMBER, min, max, dflt, irrelevantInDiscovery);
    }

    private static NegotiationKey text(String name) {
        return new NegotiationKey(name, ResultFunction.DECLARATIVE, ValueType.TEXT, 0, 0, null, false);
    }
}
