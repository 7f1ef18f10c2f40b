package io.lunbridge.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MpioValuesTest {
    @Test
    void replacementTimeoutParsesSecondsAndQueue() {
        assertEquals(Duration.ofSeconds(120), ReplacementTimeout.parse("120").limit().orElseThrow());
        assertEquals(Duration.ZERO, ReplacementTimeout.parse("0").limit().orElseThrow());
        assertTrue(ReplacementTimeout.parse(" Queue ").forever());
        assertEquals("replacement timeout '-1': out of range 0..31536000 seconds",
                assertThrows(IllegalArgumentException.class, () -> ReplacementTimeout.parse("-1")).getMessage());
        assertEquals("replacement timeout 'soon': expected a number of seconds or 'queue'",
                assertThrows(IllegalArgumentException.class, () -> ReplacementTimeout.parse("soon")).getMessage());
    }

    @Test
    void policiesAndFailbackParseTheirNamesAndRefuseOthers() {
        assertEquals(SelectorPolicy.SERVICE_TIME, SelectorPolicy.parse("service-time"));
        assertEquals(SelectorPolicy.ROUND_ROBIN, SelectorPolicy.parse("Round-Robin"));
        assertEquals("unknown path selection policy 'multibus' (expected failover, round-robin, queue-length or "
                + "service-time)", assertThrows(IllegalArgumentException.class, () -> SelectorPolicy.parse("multibus"))
                .getMessage());
        assertEquals(Failback.MANUAL, Failback.parse("manual"));
        assertEquals(Duration.ofSeconds(30), Failback.parse("30").delay());
        assertEquals("failback 'later': expected immediate, manual or a number of seconds",
                assertThrows(IllegalArgumentException.class, () -> Failback.parse("later")).getMessage());
    }

    @Test
    void pathStatesFollowTheirMachine() {
        assertTrue(PathState.ACTIVE.canMoveTo(PathState.FAILED));
        assertTrue(PathState.FAILED.canMoveTo(PathState.REINSTATING));
        assertTrue(!PathState.FAILED.canMoveTo(PathState.ACTIVE), "never back to ACTIVE without the check");
        assertTrue(!PathState.DISABLED.canMoveTo(PathState.ACTIVE), "a disabled path stays out");
    }
}
