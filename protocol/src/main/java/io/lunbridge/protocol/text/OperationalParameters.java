package io.lunbridge.protocol.text;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the initiator proposes in the operational stage of login (RFC 7143 §13). Immutable; change a
 * value with the {@code with...} methods. The constructor checks every value against its RFC range
 * so an invalid configuration fails before any connection is made.
 *
 * <p>Why the {@link #defaults()}:
 * <ul>
 * <li>Digests {@code None}: CRC32C costs CPU and TCP already checksums; enable with
 *     {@link #withHeaderDigest(String...)} e.g. {@code ("CRC32C", "None")} (first = preferred).</li>
 * <li>MaxConnections 1: one TCP connection per session; multipath is done with several sessions.</li>
 * <li>InitialR2T No and ImmediateData Yes: writes up to FirstBurstLength go out without waiting for
 *     an R2T round trip.</li>
 * <li>MaxRecvDataSegmentLength 262144 (256 KiB): large Data-In PDUs, fewer headers per read.</li>
 * <li>MaxBurstLength 16776192 (the largest multiple of 512 below 2^24) and FirstBurstLength 262144:
 *     let the target bound them (result is the minimum).</li>
 * <li>DefaultTime2Wait 2 (RFC default), DefaultTime2Retain 0: we run ErrorRecoveryLevel 0 and
 *     recover by session reinstatement, never by connection continuation, so the target need not
 *     keep tasks of a dead connection.</li>
 * <li>MaxOutstandingR2T 1 (RFC default, and what tgtd uses): it is per task, commands still run in
 *     parallel up to MaxCmdSN; with immediate + unsolicited data most writes need at most one R2T.</li>
 * <li>DataPDUInOrder and DataSequenceInOrder Yes: the session engine relies on in-order data
 *     (it is what ErrorRecoveryLevel 0 initiators and targets implement).</li>
 * <li>ErrorRecoveryLevel 0: the only level lunbridge implements; others are refused here.</li>
 * </ul>
 */
public record OperationalParameters(List<String> headerDigest, List<String> dataDigest, int maxConnections,
                                    boolean initialR2T, boolean immediateData, int maxRecvDataSegmentLength,
                                    int maxBurstLength, int firstBurstLength, int defaultTime2Wait,
                                    int defaultTime2Retain, int maxOutstandingR2T, boolean dataPduInOrder,
                                    boolean dataSequenceInOrder, int errorRecoveryLevel) {

    /** Digest names the initiator implements. */
    public static final List<String> DIGESTS = List.of("CRC32C", "None");

    public OperationalParameters {
        headerDigest = checkDigests("HeaderDigest", headerDigest);
        dataDigest = checkDigests("DataDigest", dataDigest);
        check(NegotiationKeys.MAX_CONNECTIONS, maxConnections);
        check(NegotiationKeys.MAX_RECV_DATA_SEGMENT_LENGTH, maxRecvDataSegmentLength);
        check(NegotiationKeys.MAX_BURST_LENGTH, maxBurstLength);
        check(NegotiationKeys.FIRST_BURST_LENGTH, firstBurstLength);
        check(NegotiationKeys.DEFAULT_TIME2WAIT, defaultTime2Wait);
        check(NegotiationKeys.DEFAULT_TIME2RETAIN, defaultTime2Retain);
        check(NegotiationKeys.MAX_OUTSTANDING_R2T, maxOutstandingR2T);
        if (errorRecoveryLevel != 0) {
            throw new IllegalArgumentException("ErrorRecoveryLevel=" + errorRecoveryLevel
                    + " is not supported: lunbridge implements ErrorRecoveryLevel 0 only");
        }
        if (firstBurstLength > maxBurstLength) {
            throw new IllegalArgumentException("FirstBurstLength=" + firstBurstLength
                    + " exceeds MaxBurstLength=" + maxBurstLength + " (RFC 7143 §13.14)");
        }
    }

    /** The initiator's default proposal; see the class comment for the reasons. */
    public static OperationalParameters defaults() {
        return new OperationalParameters(List.of("None"), List.of("None"), 1, false, true, 262144,
                16776192, 262144, 2, 0, 1, true, true, 0);
    }

    public OperationalParameters withHeaderDigest(String... preference) {
        return new OperationalParameters(List.of(preference), dataDigest, maxConnections, initialR2T,
                immediateData, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait,
                defaultTime2Retain, maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withDataDigest(String... preference) {
        return new OperationalParameters(headerDigest, List.of(preference), maxConnections, initialR2T,
                immediateData, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait,
                defaultTime2Retain, maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withMaxConnections(int value) {
        return new OperationalParameters(headerDigest, dataDigest, value, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withInitialR2T(boolean value) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, value, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withImmediateData(boolean value) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, value,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withMaxRecvDataSegmentLength(int value) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                value, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    /** Sets both burst lengths together, since FirstBurstLength may not exceed MaxBurstLength. */
    public OperationalParameters withBurstLengths(int maxBurst, int firstBurst) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurst, firstBurst, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withDefaultTime2Wait(int value) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, value, defaultTime2Retain,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withDefaultTime2Retain(int value) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, value,
                maxOutstandingR2T, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withMaxOutstandingR2T(int value) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                value, dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel);
    }

    public OperationalParameters withDataOrder(boolean pduInOrder, boolean sequenceInOrder) {
        return new OperationalParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain,
                maxOutstandingR2T, pduInOrder, sequenceInOrder, errorRecoveryLevel);
    }

    private static List<String> checkDigests(String key, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " needs at least one value (CRC32C or None)");
        }
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!DIGESTS.contains(v)) {
                throw new IllegalArgumentException(key + " value '" + v + "' is not supported (use CRC32C or None)");
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException(key + " lists '" + v + "' twice");
            }
        }
        return List.copyOf(values);
    }

    private static void check(NegotiationKey key, long value) {
        if (value < key.min() || value > key.max()) {
            throw new IllegalArgumentException(key.name() + "=" + value + " is out of range "
                    + key.min() + ".." + key.max());
        }
    }
}
