package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lunbridge.app.control.ControlReply;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A control request that races the daemon's stop is answered, never left waiting for a main thread that is gone. */
class DaemonEventsTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // the bug: the request waited REQUEST_WAIT (5 min) for an answer
    void aRequestQueuedAsTheDaemonStopsIsRefusedAtOnce() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        // not stopping at the first look, stopping from then on: the stop (and its last refuseQueued)
        // happened between the check and the offer, and no main thread polls any more
        DaemonEvents events = new DaemonEvents(() -> asked.getAndIncrement() > 0);
        ControlReply reply = events.submit("logout iqn.2026-12.io.lunbridge.test:a", () -> ControlReply.ok("done"));
        assertEquals(ControlReply.refused("the daemon is stopping: 'logout iqn.2026-12.io.lunbridge.test:a' not carried"
                + " out"), reply);
        assertNull(events.poll(Duration.ZERO), "taken off the queue: the work is never done later");
    }
}
