package io.lunbridge.app.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lunbridge.app.control.ControlReply;
import io.lunbridge.bridge.kernel.ErrnoException;
import io.lunbridge.protocol.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WATCHDOG=1 comes from the daemon's main loop: on a real Unix datagram socket the pings arrive
 * while the loop runs, stop while the main thread is blocked in an event, and come back once it
 * returns.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainLoopWatchdogTest {
    @TempDir
    Path tmp;

    @Test
    void theWaitEndsWhenTheNextPingIsDueAndAPingIsSentOnlyWhenDue() {
        AtomicLong now = new AtomicLong(0);
        SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", tmp.resolve("none").toString(),
                "WATCHDOG_USEC", "2000000"), 1);
        MainLoopWatchdog w = new MainLoopWatchdog(notify, now::get);
        assertEquals(Duration.ofMillis(1), w.waitAtMost(Duration.ofSeconds(5)), "never pinged: due now");
        w.alive(); // the send fails (no socket): logged, not thrown
        now.set(Duration.ofMillis(400).toNanos());
        assertEquals(Duration.ofMillis(600), w.waitAtMost(Duration.ofSeconds(5)), "1 s interval, 400 ms gone");
        assertEquals(Duration.ofMillis(300), w.waitAtMost(Duration.ofMillis(300)));
        MainLoopWatchdog off = new MainLoopWatchdog(SdNotify.fromEnvironment(Map.of(), 1), now::get);
        assertEquals(Duration.ofSeconds(5), off.waitAtMost(Duration.ofSeconds(5)), "no watchdog: the loop's own wait");
    }

    @Test
    void aBlockedMainThreadStopsThePings() throws Exception {
        String socket = tmp.resolve("notify").toString();
        ExecutorService main = Executors.newSingleThreadExecutor();
        ExecutorService control = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try (SdNotifyTest.Receiver r = new SdNotifyTest.Receiver(socket)) {
            SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "200000"), 1);
            Daemon d = new Daemon(List::of, t -> {
                throw new IllegalStateException("no target in this test");
            }, notify);
            Future<Integer> run = main.submit(d::run);
            Await.until("state READY", () -> d.state() == Daemon.State.READY);
            int pings = 0;
            while (pings < 3) {
                if (r.next().equals("WATCHDOG=1")) {
                    pings++;
                }
            }
            Future<ControlReply> blocked = control.submit(() -> d.submit("block", () -> {
                try {
                    // a marker in the socket's queue: whatever follows it was sent while the main thread is here
                    notify.status("main thread blocked");
                    release.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return ControlReply.ok("released");
            }));
            while (!r.next().equals("STATUS=main thread blocked")) {
                // pings sent before the main thread took the event
            }
            // Absence can only be shown by waiting: 1 s (SO_RCVTIMEO's granularity here) is 10 ping intervals.
            r.posix.receiveTimeout(r.fd, 1);
            assertThrows(ErrnoException.class, r::next, "no WATCHDOG=1 while the main thread is blocked");
            r.posix.receiveTimeout(r.fd, 10);
            release.countDown();
            assertEquals(ControlReply.ok("released"), blocked.get(30, TimeUnit.SECONDS));
            String next = r.next();
            while (!next.equals("WATCHDOG=1")) {
                next = r.next();
            }
            d.signal("SIGTERM");
            assertEquals(0, run.get(30, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            main.shutdownNow();
            control.shutdownNow();
        }
    }
}
