package io.lunbridge.it.mpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Gap, percentile and first-failure arithmetic of {@link Timeline}. */
class TimelineTest {
    private static final long MS = 1_000_000;

    @Test
    void theGapAfterAnEventRunsFromTheEventToTheNextCompletionsAndTheLongestWins() {
        long event = System.nanoTime();
        Timeline t = new Timeline(event - 100 * MS);
        t.completed(event - 50 * MS, 1 * MS, true);
        long mark = t.mark("link down");
        t.completed(mark + 10 * MS, 2 * MS, true);
        t.completed(mark + 1510 * MS, 3 * MS, false);
        t.completed(mark + 1520 * MS, 4 * MS, true);
        assertEquals(1500.0, t.gapAfterMs("link down").orElseThrow(), 0.001);
        assertEquals(3, t.completionsAfter("link down"));
        assertEquals(2, t.successesAfter("link down"));
        assertTrue(t.longestGapMs() >= 1500.0);
        assertEquals(2.0, t.latencyPercentileMs(50), 0.001);
        assertEquals(4.0, t.latencyPercentileMs(100), 0.001);
        assertEquals(1.0, t.latencyPercentileMs(0), 0.001);
    }

    @Test
    void noCompletionAfterTheEventIsNoGap() {
        Timeline t = new Timeline(System.nanoTime());
        t.completed(System.nanoTime(), MS, true);
        t.mark("down");
        assertEquals(Optional.empty(), t.gapAfterMs("down"));
        assertEquals(Optional.empty(), t.firstFailureAfterMs("down"));
    }

    @Test
    void firstFailureIsMeasuredFromTheEvent() {
        Timeline t = new Timeline(System.nanoTime());
        long mark = t.mark("both down");
        t.failed(new Timeline.Failure(mark + 12_000 * MS, mark, "WRITE", 0, 512, "NBD error 5"));
        t.failed(new Timeline.Failure(mark + 12_500 * MS, mark + 12_400 * MS, "READ", 0, 512, "NBD error 5"));
        assertEquals(12_000.0, t.firstFailureAfterMs("both down").orElseThrow(), 0.001);
        assertEquals(12_000.0, t.firstFailureRelativeToMs("both down").orElseThrow(), 0.001);
        assertThrows(IllegalArgumentException.class, () -> t.mark("both down"));
        assertThrows(IllegalArgumentException.class, () -> t.markNanos("nothing"));
    }
}
