package io.lunbridge.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The initiator's proposal ({@link OperationalParameters}) refuses invalid configuration early. */
class NegotiationProposalTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        OperationalParameters d = OperationalParameters.defaults();
        assertEquals(new OperationalParameters(List.of("None"), List.of("None"), 1, false, true, 262144,
                16776192, 262144, 2, 0, 1, true, true, 0), d);
    }

    @Test
    void withersChangeOneValue() {
        OperationalParameters p = OperationalParameters.defaults().withHeaderDigest("CRC32C", "None")
                .withMaxRecvDataSegmentLength(8192).withBurstLengths(65536, 8192);
        assertEquals(List.of("CRC32C", "None"), p.headerDigest());
        assertEquals(8192, p.maxRecvDataSegmentLength());
        assertEquals(65536, p.maxBurstLength());
        assertEquals(8192, p.firstBurstLength());
    }

    @Test
    void refusesInvalidValuesWithTheKeyName() {
        OperationalParameters d = OperationalParameters.defaults();
        assertEquals("MaxRecvDataSegmentLength=511 is out of range 512..16777215",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxRecvDataSegmentLength(511)).getMessage());
        assertEquals("FirstBurstLength=65536 exceeds MaxBurstLength=8192 (RFC 7143 §13.14)",
                assertThrows(IllegalArgumentException.class, () -> d.withBurstLengths(8192, 65536)).getMessage());
        assertEquals("HeaderDigest value 'MD5' is not supported (use CRC32C or None)",
                assertThrows(IllegalArgumentException.class, () -> d.withHeaderDigest("MD5")).getMessage());
        assertEquals("DataDigest lists 'None' twice",
                assertThrows(IllegalArgumentException.class, () -> d.withDataDigest("None", "None")).getMessage());
        assertEquals("HeaderDigest needs at least one value (CRC32C or None)",
                assertThrows(IllegalArgumentException.class, () -> d.withHeaderDigest()).getMessage());
        assertEquals("MaxOutstandingR2T=0 is out of range 1..65535",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxOutstandingR2T(0)).getMessage());
        assertEquals("ErrorRecoveryLevel=1 is not supported: lunbridge implements ErrorRecoveryLevel 0 only",
                assertThrows(IllegalArgumentException.class, () -> new OperationalParameters(List.of("None"),
                        List.of("None"), 1, false, true, 8192, 65536, 8192, 2, 0, 1, true, true, 1)).getMessage());
    }
}
