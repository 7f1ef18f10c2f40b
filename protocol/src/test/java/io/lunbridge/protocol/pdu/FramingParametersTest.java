package io.lunbridge.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FramingParametersTest {
    @Test
    void loginPhaseHasNoDigestsAnd8192ByteSegments() {
        assertFalse(FramingParameters.LOGIN.headerDigest());
        assertFalse(FramingParameters.LOGIN.dataDigest());
        assertEquals(8192, FramingParameters.LOGIN.maxRecvDataSegmentLength());
        assertEquals(8192, FramingParameters.LOGIN.maxSendDataSegmentLength());
    }

    @Test
    void segmentLengthsOutsideRfcRangeAreRejected() {
        assertEquals("maxRecvDataSegmentLength 511 is outside 512..16777215",
                assertThrows(IllegalArgumentException.class,
                        () -> new FramingParameters(false, false, 511, 8192)).getMessage());
        assertEquals("maxSendDataSegmentLength 16777216 is outside 512..16777215",
                assertThrows(IllegalArgumentException.class,
                        () -> new FramingParameters(false, false, 8192, 1 << 24)).getMessage());
        assertEquals(16777215, new FramingParameters(true, true, 512, 16777215).maxSendDataSegmentLength());
    }
}
