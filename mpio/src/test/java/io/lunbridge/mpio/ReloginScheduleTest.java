package io.lunbridge.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReloginScheduleTest {
    private static final long S = 1_000_000_000L;

    @Test
    void backOffDoublesToTheCapAndResetsOnSuccess() {
        ReloginSchedule s = new ReloginSchedule(MpioSettings.defaults().withFlapDamping(100, Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
        long[] delays = new long[6];
        long now = 0;
        for (int i = 0; i < delays.length; i++) {
            delays[i] = (s.onFailure(now, Duration.ZERO) - now) / S;
            now += 1000 * S;
        }
        assertEquals("[1, 2, 4, 8, 16, 16]", java.util.Arrays.toString(delays));
        s.onSuccess();
        assertEquals(1, (s.onFailure(now, Duration.ZERO) - now) / S);
    }

    @Test
    void theTargetsTime2WaitIsHonoured() {
        ReloginSchedule s = new ReloginSchedule(MpioSettings.defaults());
        assertEquals(5, s.onFailure(0, Duration.ofSeconds(5)) / S);
    }

    @Test
    void theInterfaceComingBackUpRetriesAtOnce() {
        ReloginSchedule s = new ReloginSchedule(MpioSettings.defaults().withFlapDamping(100, Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
        for (int i = 0; i < 4; i++) {
            s.onFailure(i * 100 * S, Duration.ZERO);
        }
        assertEquals(500 * S, s.onInterfaceUp(500 * S));
        assertEquals(1, (s.onFailure(501 * S, Duration.ZERO) - 501 * S) / S, "and the back-off starts over");
    }

    @Test
    void aFlappingPathIsHeldOutForTheRecoveryTime() {
        ReloginSchedule s = new ReloginSchedule(MpioSettings.defaults().withFlapDamping(3, Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
        s.onFailure(0, Duration.ZERO);
        s.onFailure(10 * S, Duration.ZERO);
        assertFalse(s.marginal(10 * S));
        long next = s.onFailure(20 * S, Duration.ZERO);
        assertTrue(s.marginal(21 * S), "three failures within 60 s");
        assertEquals(50 * S, next, "held out 30 s");
        assertEquals(50 * S, s.onInterfaceUp(25 * S), "not even the interface coming up shortens the hold");
        assertFalse(s.marginal(51 * S));
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        ReloginSchedule s = new ReloginSchedule(MpioSettings.defaults().withFlapDamping(3, Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
        s.onFailure(0, Duration.ZERO);
        s.onFailure(100 * S, Duration.ZERO);
        s.onFailure(200 * S, Duration.ZERO);
        assertFalse(s.marginal(200 * S));
    }
}
